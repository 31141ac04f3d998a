/**
 * The i18n layer: every string a user reads comes from here. Simplified Chinese is complete;
 * English and Tibetan are partial catalogues of the same shape that fall back to Chinese.
 * Agency and harm-category names come from the domain package, so the legal names are defined
 * once.
 */
import { AGENCIES, AGENCY_CODES } from "@cp/domain/agencies";
import { HARM_CATEGORIES, HARM_CATEGORY_INFO } from "@cp/domain/categories";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { zhCN } from "./zh-CN.ts";

export const LANGUAGES = [
  { code: "zh-CN", label: "简体中文" },
  { code: "en", label: "English" },
  { code: "bo", label: "བོད་ཡིག" },
] as const;

export type Language = (typeof LANGUAGES)[number]["code"];

const domainNames = {
  agency: Object.fromEntries(AGENCY_CODES.map((c) => [c, AGENCIES[c].name])),
  category: Object.fromEntries(HARM_CATEGORIES.map((c) => [c, HARM_CATEGORY_INFO[c].name])),
};

const LANGUAGE_KEY = "cp.language";

/**
 * The other catalogues are fetched when chosen, so a phone on a slow link downloads only the
 * language it shows (Chinese, the fallback, is always there).
 */
const CATALOGUES: Readonly<Record<Exclude<Language, "zh-CN">, () => Promise<object>>> = {
  en: () => import("./en.ts").then((m) => m.en),
  bo: () => import("./bo.ts").then((m) => m.bo),
};

async function loadCatalogue(code: Language) {
  if (code === "zh-CN" || i18n.hasResourceBundle(code, "translation")) return;
  i18n.addResourceBundle(code, "translation", await CATALOGUES[code]());
}

function initialLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  return LANGUAGES.some((l) => l.code === saved) ? (saved as Language) : "zh-CN";
}

export async function initI18n() {
  const lng = initialLanguage();
  await i18n.use(initReactI18next).init({
    lng: "zh-CN",
    fallbackLng: "zh-CN",
    resources: { "zh-CN": { translation: { ...zhCN, ...domainNames } } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (lng !== "zh-CN") await switchLanguage(lng);
  document.documentElement.lang = i18n.language;
}

export async function switchLanguage(code: Language) {
  await loadCatalogue(code);
  localStorage.setItem(LANGUAGE_KEY, code);
  await i18n.changeLanguage(code);
  document.documentElement.lang = code;
}
