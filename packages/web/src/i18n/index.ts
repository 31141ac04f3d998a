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
import { bo } from "./bo.ts";
import { en } from "./en.ts";
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

function initialLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  return LANGUAGES.some((l) => l.code === saved) ? (saved as Language) : "zh-CN";
}

export async function initI18n() {
  await i18n.use(initReactI18next).init({
    lng: initialLanguage(),
    fallbackLng: "zh-CN",
    resources: {
      "zh-CN": { translation: { ...zhCN, ...domainNames } },
      en: { translation: en },
      bo: { translation: bo },
    },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18n.language;
}

export async function switchLanguage(code: Language) {
  localStorage.setItem(LANGUAGE_KEY, code);
  await i18n.changeLanguage(code);
  document.documentElement.lang = code;
}

export { i18n };
