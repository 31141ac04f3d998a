/**
 * The app's font stack. Tibetan comes with the app (Noto Serif Tibetan, declared in styles.css
 * for the Tibetan block only): many phones have no Tibetan font. Chinese and Latin come from the
 * device.
 *
 * Order matters. Chromium treats `system-ui` as the system's font *and its fallback*: a character
 * the system font lacks is looked up among the system's fonts at once, and the families after
 * `system-ui` are not consulted for it. So the bundled Tibetan font, and Noto Sans SC where a
 * machine has it as a web or local font, come before `system-ui`; else a phone without a Tibetan
 * font shows boxes in some elements (seen in the headless Chromium of the browser tests).
 */
export const FONT_STACK =
  "'Noto Serif Tibetan', 'Noto Sans SC', system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
