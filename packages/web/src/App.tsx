/**
 * The shell: header with the pages the user's roles allow, the language switch and sign-out;
 * pages load lazily per role so a reporter's phone fetches only the report form.
 */
import { PAGES, type PageAccess, type PagePath, pageRoles } from "@cp/domain/roles/pages";
import { Alert, Button, Layout, Select, Space, Spin, Typography, theme } from "antd";
import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, NavLink, Route, Routes, useLocation } from "react-router";
import {
  clearSession,
  currentSession,
  hasRole,
  type Role,
  type Session,
  setSession,
} from "./auth/session.ts";
import { useSession } from "./auth/useSession.ts";
import { useKeyboardScrollRegions } from "./components/scroll-regions.ts";
import type { RuntimeConfig } from "./config.ts";
import { LANGUAGES, type Language, switchLanguage } from "./i18n/index.ts";
import { SignIn } from "./pages/SignIn.tsx";
import { PreloadedPage, preloadable } from "./preloadable.tsx";
import { registerAppShell } from "./register-app-shell.ts";

// Loaded when needed, not with the first page a phone on a slow link fetches: the OpenID client
// (only deployments with a hosted login use it) and the result pictures (only refusals show them).
const oidc = () => import("./auth/oidc.ts");
const Result = lazy(() => import("antd/es/result/index.js"));
// antd's App (the context of message, modal and notification) comes with the pages that use it
// (withMessages); the shell sets the four text styles it would give (see App below).
const AntApp = lazy(() => import("antd/es/app/index.js"));

const reportForm = preloadable(() => import("./pages/reporter/ReportForm.tsx"));
const loadReportForm = reportForm.load;
const loadMyReports = () => import("./pages/reporter/MyReports.tsx");
const MyReports = lazy(loadMyReports);
const Inbox = lazy(() => import("./pages/officer/Inbox.tsx"));
const TicketPage = lazy(() => import("./pages/officer/TicketPage.tsx"));
const Dashboard = lazy(() => import("./pages/supervisor/Dashboard.tsx"));
const CaseList = lazy(() => import("./pages/supervisor/CaseList.tsx"));
const AuditTrail = lazy(() => import("./pages/supervisor/AuditTrail.tsx"));
const Policies = lazy(() => import("./pages/admin/Policies.tsx"));
const loadMyChildren = () => import("./pages/care/MyChildren.tsx");
const loadChildFile = () => import("./pages/care/ChildFilePage.tsx");
const MyChildren = lazy(loadMyChildren);
const ChildFilePage = lazy(loadChildFile);
const Rollups = lazy(() => import("./pages/care/Rollups.tsx"));
const SurveyImport = lazy(() => import("./pages/care/SurveyImport.tsx"));

interface NavItem {
  readonly path: PagePath;
  readonly label: string;
  readonly roles: readonly Role[];
}

/** The navigation entries, from the pages table (packages/domain/src/roles/pages.ts). */
const NAV: readonly NavItem[] = (PAGES as readonly PageAccess[]).flatMap((p) =>
  p.nav ? [{ path: p.path as PagePath, label: p.nav.label, roles: p.nav.roles ?? p.roles }] : [],
);

const allowed = (s: Session | undefined, roles: readonly Role[]) =>
  roles.some((r) => hasRole(s, r));

/** The care roll-ups and the survey import are civil affairs' among the officers; other agencies have no care data. */
const readsCareRollups = (s: Session | undefined) =>
  hasRole(s, "child_supervisor") || (hasRole(s, "officer") && s?.agency === "civil_affairs");

const shown = (s: Session, n: NavItem) =>
  n.path === "/care/rollups" || n.path === "/care/import"
    ? readsCareRollups(s)
    : allowed(s, n.roles);

function homeFor(s: Session): string {
  if (hasRole(s, "child_director")) return "/care";
  if (hasRole(s, "child_supervisor")) return "/care/rollups";
  if (hasRole(s, "officer")) return "/inbox";
  if (hasRole(s, "supervisor")) return "/dashboard";
  if (hasRole(s, "admin")) return "/admin";
  return "/report";
}

function Guard({ path, children }: { readonly path: PagePath; readonly children: ReactNode }) {
  const session = useSession();
  const { t } = useTranslation();
  if (!allowed(session, pageRoles(path))) return <Result status="403" title={t("problem.403")} />;
  return <>{children}</>;
}

function OnlineBanner() {
  const { t } = useTranslation();
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener("online", on);
    window.addEventListener("offline", off);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", off);
    };
  }, []);
  if (online) return null;
  return <Alert type="warning" banner title={t("app.offline")} role="status" />;
}

function OidcCallback({ config }: { readonly config: RuntimeConfig }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (config.auth.mode !== "oidc") return;
    const auth = config.auth;
    oidc()
      .then((m) => m.completeOidcLogin(auth))
      .then(setSession, () => setFailed(true));
  }, [config]);
  return failed ? <Result status="error" title={t("signIn.failed")} /> : <Spin />;
}

/** The language switch: in the header, and on the sign-in page before anyone has signed in. */
function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t("app.language")}
      value={i18n.language as Language}
      onChange={(v) => void switchLanguage(v)}
      options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      popupMatchSelectWidth={false}
      data-testid="language"
    />
  );
}

function Header({
  session,
  config,
}: {
  readonly session: Session;
  readonly config: RuntimeConfig;
}) {
  const { t } = useTranslation();
  const items = NAV.filter((n) => shown(session, n));
  const signOut = async () => {
    if (config.auth.mode === "oidc") await (await oidc()).oidcLogout(config.auth);
    clearSession();
  };
  return (
    <Layout.Header className="cp-header">
      <Link to="/" className="cp-brand">
        {t("app.shortTitle")}
      </Link>
      <nav aria-label={t("app.title")} className="cp-nav">
        <ul>
          {items.map((n) => (
            <li key={n.path}>
              {/* "/care" is the list only, not every page under it */}
              <NavLink to={n.path} end={n.path === "/care"}>
                {t(n.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Space size="small" wrap className="cp-user">
        <LanguageSwitch />
        <Typography.Text className="cp-username">{session.name}</Typography.Text>
        <Button size="small" onClick={() => void signOut()}>
          {t("app.signOut")}
        </Button>
      </Space>
    </Layout.Header>
  );
}

/**
 * Starts a module's background work once the module has loaded (it is not part of the first
 * page); the returned stop works before and after that.
 */
function startLoaded<M>(loading: Promise<M>, start: (m: M) => () => void): () => void {
  let stop: (() => void) | undefined;
  let stopped = false;
  void loading.then((m) => {
    if (!stopped) stop = start(m);
  });
  return () => {
    stopped = true;
    stop?.();
  };
}

/**
 * While the sign-in page waits for the person, the report form is fetched (not shown): it is where
 * a phone most often goes next, and on a slow link its scripts would otherwise start only after
 * 登录. Loading the module starts nothing (its stores open on first use).
 */
function usePrefetchWhileSigningIn(session: Session | undefined) {
  useEffect(() => {
    if (session) return;
    void loadReportForm();
    void import("./offline/outbox.ts");
  }, [session]);
}

/**
 * Pages that show messages or confirmations (antd's App context) get it with them; the
 * reporter's pages use none, so a phone never waits for it.
 */
const withMessages = (page: ReactNode) => <AntApp component={false}>{page}</AntApp>;

/** Rendered beside the routes, inside their Suspense: its effect runs once the page is on screen. */
function AppShellOnceShown() {
  useEffect(registerAppShell, []);
  return null;
}

/**
 * A reporter's outbox is sent whenever the connection returns, whatever page is open; and the
 * reporter's pages are fetched now, while there is signal, so they open offline later (the form
 * first: on a slow link it is the page the reporter waits for).
 */
function useReporterOffline(session: Session | undefined) {
  useEffect(() => {
    if (!session || !hasRole(session, "reporter")) return;
    void loadReportForm().then(loadMyReports);
    return startLoaded(import("./offline/outbox.ts"), (m) =>
      m.startOutboxSync(session.sub, () => currentSession()?.token),
    );
  }, [session]);
}

/**
 * A 儿童主任's visits recorded with no signal are sent whenever the connection returns, and the
 * care pages are fetched now, while there is signal, so a file opens offline later.
 */
function useCareOffline(session: Session | undefined) {
  useEffect(() => {
    if (!session || !allowed(session, pageRoles("/care"))) return;
    void loadMyChildren();
    void loadChildFile();
    return startLoaded(import("./offline/visit-outbox.ts"), (m) =>
      m.startVisitSync(session.sub, () => currentSession()?.token),
    );
  }, [session]);
}

export function App({ config }: { readonly config: RuntimeConfig }) {
  const session = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const location = useLocation();
  usePrefetchWhileSigningIn(session);
  useReporterOffline(session);
  useCareOffline(session);
  useKeyboardScrollRegions();

  if (location.pathname === "/auth/callback" && !session) {
    return (
      <Suspense fallback={<Spin />}>
        <OidcCallback config={config} />
      </Suspense>
    );
  }

  return (
    <Layout
      style={{
        minHeight: "100vh",
        color: token.colorText,
        fontSize: token.fontSize,
        lineHeight: token.lineHeight,
        fontFamily: token.fontFamily,
      }}
    >
      <a className="cp-skip" href="#main">
        {t("app.skipToContent")}
      </a>
      {session ? (
        <Header session={session} config={config} />
      ) : (
        <Layout.Header className="cp-header">
          <span className="cp-brand">{t("app.title")}</span>
          <span className="cp-user">
            <LanguageSwitch />
          </span>
        </Layout.Header>
      )}
      <OnlineBanner />
      <Layout.Content id="main" className="cp-main" role="main">
        {!session ? (
          <SignIn config={config} />
        ) : (
          <Suspense fallback={<Spin aria-label={t("app.loading")} />}>
            <AppShellOnceShown />
            <Routes>
              <Route path="/" element={<Navigate to={homeFor(session)} replace />} />
              <Route path="/auth/callback" element={<Navigate to={homeFor(session)} replace />} />
              <Route
                path="/care"
                element={withMessages(
                  <Guard path="/care">
                    <MyChildren />
                  </Guard>,
                )}
              />
              <Route
                path="/care/children/:childId"
                element={withMessages(
                  <Guard path="/care/children/:childId">
                    <ChildFilePage />
                  </Guard>,
                )}
              />
              <Route
                path="/care/rollups"
                element={withMessages(
                  <Guard path="/care/rollups">
                    <Rollups />
                  </Guard>,
                )}
              />
              <Route
                path="/care/import"
                element={withMessages(
                  <Guard path="/care/import">
                    <SurveyImport />
                  </Guard>,
                )}
              />
              <Route
                path="/report"
                element={
                  <Guard path="/report">
                    <PreloadedPage page={reportForm} />
                  </Guard>
                }
              />
              <Route
                path="/my-reports"
                element={
                  <Guard path="/my-reports">
                    <MyReports />
                  </Guard>
                }
              />
              <Route
                path="/inbox"
                element={withMessages(
                  <Guard path="/inbox">
                    <Inbox />
                  </Guard>,
                )}
              />
              <Route
                path="/tickets/:ticketId"
                element={withMessages(
                  <Guard path="/tickets/:ticketId">
                    <TicketPage />
                  </Guard>,
                )}
              />
              <Route
                path="/dashboard"
                element={withMessages(
                  <Guard path="/dashboard">
                    <Dashboard />
                  </Guard>,
                )}
              />
              <Route
                path="/cases"
                element={withMessages(
                  <Guard path="/cases">
                    <CaseList />
                  </Guard>,
                )}
              />
              <Route
                path="/audit"
                element={withMessages(
                  <Guard path="/audit">
                    <AuditTrail />
                  </Guard>,
                )}
              />
              <Route
                path="/cases/:caseId/audit"
                element={withMessages(
                  <Guard path="/cases/:caseId/audit">
                    <AuditTrail />
                  </Guard>,
                )}
              />
              <Route
                path="/admin"
                element={withMessages(
                  <Guard path="/admin">
                    <Policies />
                  </Guard>,
                )}
              />
              <Route path="*" element={<Result status="404" title={t("app.notFound")} />} />
            </Routes>
          </Suspense>
        )}
      </Layout.Content>
    </Layout>
  );
}
