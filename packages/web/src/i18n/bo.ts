/**
 * Tibetan (བོད་ཡིག): the slot is wired (language switch, fallback to Chinese, the Tibetan
 * script's font stack); the catalogue awaits a translator who knows the child-protection terms.
 */
import type { Catalogue } from "./catalogue.ts";

export const bo: Catalogue = {
  app: { language: "སྐད་ཡིག" },
};
