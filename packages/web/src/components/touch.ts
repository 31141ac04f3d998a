/** Bigger controls for thumbs on the reporter's pages: 44 px targets, 16 px text (iOS zooms into smaller inputs). */
export const TOUCH_THEME = { token: { controlHeight: 44, fontSize: 16, controlHeightSM: 36 } };
