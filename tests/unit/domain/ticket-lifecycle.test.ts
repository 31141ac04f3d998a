import {
  ConflictError,
  caseIsOpen,
  DomainError,
  nextStatus,
  TICKET_KINDS,
  TICKET_STATUSES,
  type TicketCommand,
  type TicketKind,
  type TicketStatus,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

// domain.md, "Ticket lifecycle": the allowed moves, written out; every other pair is a conflict.
const ALLOWED: Readonly<Record<string, TicketStatus>> = {
  "pending/accept": "accepted",
  "pending/decline": "declined",
  "accepted/close": "closed",
  "accepted/action": "accepted",
  "accepted/refer": "accepted",
  "declined/overturn": "pending",
  "declined/uphold": "declined",
};

const COMMANDS: readonly TicketCommand[] = [
  "accept",
  "decline",
  "close",
  "action",
  "refer",
  "overturn",
  "uphold",
];

const PAIRS = TICKET_STATUSES.flatMap((status) =>
  COMMANDS.map((command) => ({ status, command, to: ALLOWED[`${status}/${command}`] })),
);

describe("nextStatus", () => {
  it("checks all 28 (status, command) pairs", () => {
    expect(PAIRS).toHaveLength(28);
    expect(PAIRS.filter((p) => p.to !== undefined)).toHaveLength(7);
  });

  it.each(PAIRS.filter((p) => p.to !== undefined))(
    "$status + $command → $to",
    ({ status, command, to }) => {
      // Act
      const next = nextStatus(status, command);

      // Assess
      expect(next).toBe(to);
    },
  );

  it.each(PAIRS.filter((p) => p.to === undefined))(
    "$status + $command → 409 conflict",
    ({ status, command }) => {
      // Act
      const attempt = () => nextStatus(status, command);

      // Assess
      expect.assertions(4);
      expect(attempt).toThrow(ConflictError);
      try {
        attempt();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as ConflictError).kind).toBe("conflict");
        expect((error as ConflictError).message).toContain(status);
      }
    },
  );

  it("accepting twice is a conflict (the contract's example)", () => {
    // Prepare
    const accepted = nextStatus("pending", "accept");

    // Act / Assess
    expect(() => nextStatus(accepted, "accept")).toThrow(ConflictError);
  });

  it("closed is final; declined moves only by a supervisor's ruling", () => {
    for (const command of COMMANDS) {
      expect(() => nextStatus("closed", command), `closed/${command}`).toThrow(ConflictError);
    }
    const officers = COMMANDS.filter((c) => c !== "overturn" && c !== "uphold");
    for (const command of officers) {
      expect(() => nextStatus("declined", command), `declined/${command}`).toThrow(ConflictError);
    }
  });
});

describe("caseIsOpen", () => {
  const t = (kind: TicketKind, status: TicketStatus) => ({ kind, status });

  it.each(
    TICKET_KINDS.flatMap((kind) =>
      TICKET_STATUSES.map((status) => ({
        kind,
        status,
        open: kind !== "oversight" && (status === "pending" || status === "accepted"),
      })),
    ),
  )("a lone $kind ticket that is $status keeps the case open: $open", ({ kind, status, open }) => {
    // Act / Assess
    expect(caseIsOpen([t(kind, status)])).toBe(open);
  });

  it("a case with no tickets is not open", () => {
    expect(caseIsOpen([])).toBe(false);
  });

  it("oversight tickets do not keep a case open once the work is done", () => {
    // Prepare
    const tickets = [
      t("lead", "closed"),
      t("support", "declined"),
      t("support", "closed"),
      t("oversight", "pending"),
      t("oversight", "accepted"),
    ];

    // Act / Assess
    expect(caseIsOpen(tickets)).toBe(false);
  });

  it("one support ticket still pending keeps the case open after the lead closed", () => {
    // Prepare
    const tickets = [t("lead", "closed"), t("support", "pending"), t("oversight", "accepted")];

    // Act / Assess
    expect(caseIsOpen(tickets)).toBe(true);
  });

  it("an accepted lead keeps the case open although every support declined", () => {
    expect(caseIsOpen([t("support", "declined"), t("lead", "accepted")])).toBe(true);
  });
});
