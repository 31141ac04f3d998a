/**
 * Entry: read the runtime config, restore the tab's session, start the i18n layer, render.
 */
import { ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App.tsx";
import { setApiBase } from "./api/client.ts";
import { restoreSession } from "./auth/session.ts";
import { loadRuntimeConfig } from "./config.ts";
import { FONT_STACK } from "./fonts.ts";
import { initI18n } from "./i18n/index.ts";
import "./styles.css";

dayjs.locale("zh-cn");

const config = await loadRuntimeConfig();
setApiBase(config.apiBase);
restoreSession();
await initI18n();

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      // No space squeezed between two Chinese characters: screen readers read "登录", not "登 录".
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          // antd's default blue gives white button text 4.1:1; this one passes WCAG AA.
          colorPrimary: "#0958d9",
          colorPrimaryHover: "#003eb3",
          colorError: "#cf1322",
          colorLink: "#0958d9",
          fontFamily: FONT_STACK,
          colorTextDescription: "rgba(0,0,0,0.65)",
          colorTextTertiary: "rgba(0,0,0,0.6)",
        },
      }}
    >
      <BrowserRouter>
        <App config={config} />
      </BrowserRouter>
    </ConfigProvider>
  </StrictMode>,
);
