/**
 * A table wider than its box scrolls sideways inside that box (on a phone, most tables do). A
 * keyboard user can scroll it only if the box takes focus (WCAG 2.1.1; axe's
 * scrollable-region-focusable). Ant Design's Table has no prop for its scroll box, so the shell
 * watches the page and makes each table box that does scroll focusable, and takes that back when
 * it no longer scrolls (a tab stop on a box with nothing to scroll helps nobody).
 */
import { useEffect } from "react";

/** Ant Design's scroll boxes: sideways (`scroll.x`) and, with a fixed header, downwards. */
const SCROLL_BOXES = ".ant-table-content, .ant-table-body";
/** Marks the tab stops this module added, so it removes only its own. */
const MARK = "data-cp-scroll-focus";

function markScrollRegions(root: ParentNode): void {
  for (const box of root.querySelectorAll<HTMLElement>(SCROLL_BOXES)) {
    const scrolls = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      box.setAttribute(MARK, "");
    } else if (!scrolls && box.hasAttribute(MARK)) {
      box.removeAttribute("tabindex");
      box.removeAttribute(MARK);
    }
  }
}

/** Keeps every scrolling table box of the page focusable while the app runs. */
export function useKeyboardScrollRegions(): void {
  useEffect(() => {
    let frame = 0;
    // Many changes in one frame (a table rendering its rows) cost one look at the page.
    const schedule = () => {
      if (frame === 0)
        frame = requestAnimationFrame(() => {
          frame = 0;
          markScrollRegions(document);
        });
    };
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", schedule);
    // A web font arriving widens the cells without changing the page's elements.
    document.fonts?.addEventListener("loadingdone", schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", schedule);
      document.fonts?.removeEventListener("loadingdone", schedule);
      cancelAnimationFrame(frame);
    };
  }, []);
}
