/**
 * Turning validation results (zod issues on the client, problem+json `errors` from the API)
 * into antd form field errors in the reader's language. The API's paths and zod's are the same.
 */
import type { FormInstance } from "antd";
import i18next, { type TFunction } from "i18next";
import type { ZodError } from "zod";
import { ApiError } from "../api/client.ts";
import { apiProblemWords } from "./api-words.ts";

export type FieldPath = (string | number)[];

/** What antd's `form.setFields` takes, for any form. */
type FieldErrors = Parameters<FormInstance["setFields"]>[0];

/** Rules of the shared schemas speak Chinese (input-rules.ts): on a Chinese screen, shown as is. */
const CHINESE = /\p{Script=Han}/u;

/**
 * A field's problem in the language shown: a shared rule's Chinese message on a Chinese screen,
 * else a wording of the API's said through the catalogue (api-words.ts), else a message chosen
 * by the field's name or the problem's kind. Never the API's English, nor Chinese on another
 * language's screen.
 */
export function fieldMessage(
  path: readonly PropertyKey[],
  code: string,
  t: TFunction,
  message = "",
): string {
  const language = i18next.language ?? "zh-CN";
  // First the API's wordings: the statutory floor's name a Chinese statute inside English words.
  const said = apiProblemWords(message, t, language);
  if (said) return said;
  if (CHINESE.test(message) && language === "zh-CN") return message;
  const field = String([...path].reverse().find((p) => typeof p === "string") ?? "");
  if (["idNumber", "phone", "birthDate", "ageYears", "categories", "dueAt"].includes(field)) {
    return t(`validation.${field}`);
  }
  if (code === "too_big") return t("validation.tooLong");
  if (code === "too_small" || code === "invalid_type") return t("validation.required");
  return t("validation.invalid");
}

export function zodToFields(error: ZodError, t: TFunction, prefix: FieldPath = []): FieldErrors {
  return error.issues.map((i) => ({
    name: [...prefix, ...(i.path as (string | number)[])],
    errors: [fieldMessage(i.path, i.code, t, i.message)],
  }));
}

/** The API path "children.0.idNumber" (or "/children/0/idNumber") as a form field name. */
export function apiPathToField(path: string): FieldPath {
  return path
    .split(/[./]/)
    .filter((p) => p !== "")
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function apiErrorToFields(
  error: ApiError,
  t: TFunction,
  prefix: FieldPath = [],
): FieldErrors {
  return error.errors.map((e) => {
    const name = apiPathToField(e.path);
    return { name: [...prefix, ...name], errors: [fieldMessage(name, "", t, e.message)] };
  });
}

/** A one-line message for any failure. */
export function problemMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.isNetwork) return t("problem.network");
    const known = [400, 401, 403, 404, 409, 413];
    return t(known.includes(error.status) ? `problem.${error.status}` : "problem.other");
  }
  return t("problem.other");
}

export function applyApiError(form: FormInstance, error: unknown, t: TFunction): boolean {
  if (error instanceof ApiError && error.errors.length > 0) {
    form.setFields(apiErrorToFields(error, t));
    return true;
  }
  return false;
}
