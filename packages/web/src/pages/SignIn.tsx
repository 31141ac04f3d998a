/**
 * Sign-in. Local stage: pick a demo user, the API signs a token for them. In AWS: the Cognito
 * hosted login (OIDC code flow with PKCE), chosen by /config.json.
 */
import { Alert, Button, Form, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { request } from "../api/client.ts";
import { DEMO_USERS } from "../auth/demo-users.ts";
import { setSession } from "../auth/session.ts";
import { Panel } from "../components/Panel.tsx";
import type { RuntimeConfig } from "../config.ts";

export function SignIn({ config }: { readonly config: RuntimeConfig }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  const devSignIn = async ({ username }: { username: string }) => {
    setBusy(true);
    setFailed(false);
    try {
      const { token } = await request<{ token: string }>("POST", "/v1/dev/token", {
        body: { username },
      });
      setSession(token);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel style={{ maxWidth: 440, margin: "32px auto" }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t("signIn.title")}
      </Typography.Title>
      {failed && <Alert type="error" title={t("signIn.failed")} style={{ marginBottom: 16 }} />}
      {config.auth.mode === "oidc" ? (
        <Button
          type="primary"
          size="large"
          block
          onClick={() => {
            const auth = config.auth;
            if (auth.mode === "oidc")
              void import("../auth/oidc.ts").then((m) => m.startOidcLogin(auth));
          }}
        >
          {t("signIn.oidc")}
        </Button>
      ) : (
        <Form layout="vertical" onFinish={devSignIn} initialValues={{ username: "teacher.li" }}>
          <Typography.Paragraph>{t("signIn.intro")}</Typography.Paragraph>
          <Form.Item name="username" label={t("signIn.user")} rules={[{ required: true }]}>
            <Select
              options={DEMO_USERS.map((u) => ({ value: u.username, label: u.label }))}
              // Every demo user in the page, not only the first screenful a virtual list renders.
              virtual={false}
              data-testid="demo-user"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            {t("signIn.submit")}
          </Button>
        </Form>
      )}
    </Panel>
  );
}
