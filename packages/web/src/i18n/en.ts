/**
 * English: started with the navigation and sign-in so the switch can be tried; every key not
 * here falls back to Chinese. Translators fill in the rest against `Messages`.
 */
import type { Catalogue } from "./catalogue.ts";

export const en: Catalogue = {
  app: {
    title: "Child Protection Mandatory Reporting",
    shortTitle: "Mandatory reporting",
    skipToContent: "Skip to content",
    language: "Language",
    signOut: "Sign out",
    loading: "Loading…",
  },
  nav: {
    report: "File a report",
    myReports: "My reports",
    inbox: "Inbox",
    dashboard: "Dashboard",
    audit: "Audit trail",
    admin: "Rules and time limits",
  },
  signIn: {
    title: "Sign in",
    intro: "Local demo: pick a demo user.",
    user: "Demo user",
    submit: "Sign in",
  },
};
