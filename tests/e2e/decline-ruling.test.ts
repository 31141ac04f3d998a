/**
 * A supervisor rules on a declined Art. 4 lead ticket in a real browser: the decline waits on the
 * dashboard with its ruling due time; 维持 is ruled out for the police (no police lead would
 * remain); 撤销 with a reason sends the ticket back to the police, pending, and it leaves the list.
 */
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, exampleReport, fileAs, pendingTicket, uniqueIdNumber } from "../support/api.ts";
import { expectAccessible, launch, newContext, pageErrors, signIn } from "./browser.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(() => {
  expect(pageErrors.splice(0), "uncaught errors in the app").toEqual([]);
});

describe("a supervisor's ruling on a decline", () => {
  it("lists the decline, rules out 维持 for the police, and overturns it with a reason", async () => {
    // Prepare: a sexual-abuse report routed to a police lead, declined with a legal reason.
    const filed = await fileAs(
      "teacher.li",
      exampleReport(uniqueIdNumber(), { categories: ["sexual_abuse"], immediateDanger: false }),
    );
    const police = await pendingTicket("officer.police", filed.caseId);
    const declined = await api("POST", `/v1/tickets/${police.ticketId}/decline`, {
      as: "officer.police",
      body: { reason: "案发地属邻县", legalReason: "outside_jurisdiction" },
    });
    expect(declined.status).toBe(200);

    // Act: the supervisor finds it on the dashboard and opens the ruling dialog.
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "王主任");
    const card = page.getByTestId("decline-rulings");
    const rule = card.getByTestId(`rule-${police.ticketId}`);
    await rule.waitFor();
    await expectAccessible(page, "the dashboard with declines awaiting a ruling");
    await rule.click();
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("uphold-blocked").waitFor();
    expect(await dialog.getByRole("radio", { name: /维持退回/ }).isDisabled()).toBe(true);

    // Without a reason, the dialog says so at the field and sends nothing.
    await dialog.getByRole("radio", { name: /撤销退回/ }).check();
    await dialog.getByRole("button", { name: "确认裁定" }).click();
    await dialog.getByText("必填").first().waitFor();
    await expectAccessible(page, "the ruling dialog");
    await dialog.getByLabel("裁定理由").fill("案发地在本辖区，应当立即受理");
    await dialog.getByRole("button", { name: "确认裁定" }).click();
    await dialog.waitFor({ state: "hidden" });

    // Assess: gone from the list; the police have it back, pending, with the ruling recorded.
    await rule.waitFor({ state: "detached" });
    const ticket = await api<{ ticket: { status: string; ruling?: { outcome: string } } }>(
      "GET",
      `/v1/tickets/${police.ticketId}`,
      { as: "officer.police" },
    );
    expect([ticket.body.ticket.status, ticket.body.ticket.ruling?.outcome]).toEqual([
      "pending",
      "overturn",
    ]);
    await context.close();
  });
});
