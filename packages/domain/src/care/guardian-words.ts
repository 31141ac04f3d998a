/**
 * A guardian's relation to the child in the words of the national survey's sheets and of the
 * web app's Chinese screens: one list, so the export and the screens say the same.
 */
export const GUARDIAN_RELATION_ZH = {
  father: "父亲",
  mother: "母亲",
  grandparent: "祖父母",
  sibling: "兄姐",
  relative: "亲属",
  other: "其他",
} as const;
