/** "Call 110 now", with a tel: link big enough for a thumb; on the form and on the receipt. */
import { Alert, Button, Space } from "antd";
import { useTranslation } from "react-i18next";

export function Call110({ detail }: { readonly detail: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="call-110"
      title={<strong style={{ fontSize: 20 }}>{t("report.call110")}</strong>}
      description={
        <Space direction="vertical" style={{ width: "100%" }}>
          <span>{detail}</span>
          <Button type="primary" danger block className="cp-call110" href="tel:110">
            {t("report.call110Button")}
          </Button>
        </Space>
      }
    />
  );
}
