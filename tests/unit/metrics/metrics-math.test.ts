import { HOUR, MINUTE } from "@cp/domain";
import {
  dayStart,
  durationBucket,
  maxMs,
  metricsDay,
  parsePeriod,
  parseWindow,
  percentileMs,
} from "@cp/domain/sla/metrics";
import { derToJose } from "@cp/store/audit/checkpoints";
import { describe, expect, it } from "vitest";

const hist = (minutes: number[]) => {
  const h = new Map<number, number>();
  for (const m of minutes)
    h.set(durationBucket(m * MINUTE), (h.get(durationBucket(m * MINUTE)) ?? 0) + 1);
  return h;
};

describe("duration buckets", () => {
  it("keep whole minutes below 1000 and three significant figures above, rounding down", () => {
    expect(durationBucket(59_999)).toBe(0);
    expect(durationBucket(14 * MINUTE + 59_000)).toBe(14);
    expect(durationBucket(999 * MINUTE)).toBe(999);
    expect(durationBucket(1234 * MINUTE)).toBe(1230);
    expect(durationBucket(72 * HOUR)).toBe(4320);
    expect(durationBucket(43_210 * MINUTE)).toBe(43_200);
    expect(durationBucket(-5 * MINUTE)).toBe(0);
  });
});

describe("percentiles from a histogram", () => {
  it("are nearest-rank values, and the max is the largest", () => {
    const h = hist([5, 10, 20, 30, 40, 50, 60, 70, 80, 300]);
    expect(percentileMs(h, 50)).toBe(40 * MINUTE); // rank 5 of 10
    expect(percentileMs(h, 90)).toBe(80 * MINUTE); // rank 9 of 10
    expect(maxMs(h)).toBe(300 * MINUTE);
  });
  it("are null when nothing was measured", () => {
    expect(percentileMs(new Map(), 50)).toBeNull();
    expect(maxMs(new Map())).toBeNull();
  });
  it("with one value, every percentile is that value", () => {
    expect(percentileMs(hist([7]), 90)).toBe(7 * MINUTE);
  });
});

describe("local days (UTC+8)", () => {
  it("an instant at 17:00Z belongs to the next local day", () => {
    expect(metricsDay("2031-03-01T15:59:59.999Z")).toBe("2031-03-01");
    expect(metricsDay("2031-03-01T16:00:00.000Z")).toBe("2031-03-02");
    expect(dayStart("2031-03-02").toISOString()).toBe("2031-03-01T16:00:00.000Z");
  });
});

describe("windows", () => {
  it("dates are both included; instants with any offset are widened to the local days they touch, `to` excluded", () => {
    expect(parseWindow("2031-01-01", "2031-01-31")).toEqual({
      fromDay: "2031-01-01",
      toDay: "2031-01-31",
    });
    expect(parseWindow("2030-12-31T16:00:00Z", "2031-01-31T16:00:00.000Z")).toEqual({
      fromDay: "2031-01-01",
      toDay: "2031-01-31",
    });
    const november = { fromDay: "2026-11-01", toDay: "2026-11-30" };
    expect(parseWindow("2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00")).toEqual(november);
    expect(parseWindow("20261101", "20261130")).toEqual(november);
    expect(parseWindow("20261101T000000+0800", "2026-11-30T16:00Z")).toEqual(november);
    expect(parseWindow("2026-10-31T12:00:00-04:00", "2026-11-30T23:59:59,999+08")).toEqual(
      november,
    );
    // Not midnights: widened, never narrowed.
    expect(parseWindow("2026-11-01T10:00:00Z", "2026-11-02T00:00:01+08:00")).toEqual({
      fromDay: "2026-11-01",
      toDay: "2026-11-02",
    });
    expect(parseWindow("2031-01-01T10:00:00Z", "2031-01-02")).toEqual({
      fromDay: "2031-01-01",
      toDay: "2031-01-02",
    });
  });
  it("refuse what they cannot answer exactly, naming the field", () => {
    const pathOf = (from: string, to: string) =>
      (thrownBy(() => parseWindow(from, to)) as { issues?: { path: string }[] } | undefined)
        ?.issues?.[0]?.path;
    // A local time names no instant; impossible times, offsets and dates; words.
    expect(pathOf("2026-11-01T00:00:00", "2026-11-30")).toBe("from");
    expect(pathOf("2026-11-01", "2026-11-30T24:00:00Z")).toBe("to");
    expect(pathOf("2026-11-01T00:00:00+15:00", "2026-11-30")).toBe("from");
    expect(pathOf("2026-13-01", "2026-11-30")).toBe("from");
    expect(pathOf("2026-11-01", "yesterday")).toBe("to");
    expect(pathOf("2026-11-01T00:00:00+08:00", "2026-11-01T00:00:00+08:00")).toBe("to");
    // Years 1 to 9999: refused as too long, without listing three million days.
    expect(() => parseWindow("0001-01-01", "9999-12-31")).toThrow(/too long/);
    expect(() => parseWindow("2031-02-30", "2031-03-01")).toThrow();
    // A window ending before it starts is refused, naming `to` (no throw leaves `thrown` empty).
    const thrown = thrownBy(() => parseWindow("2031-02-01", "2031-01-01")) as
      | { issues?: { path: string }[] }
      | undefined;
    expect(thrown?.issues?.[0]?.path).toBe("to");
    expect(() => parseWindow("2020-01-01", "2031-01-01")).toThrow(/too long/);
  });
  it("a half-year period has its six months", () => {
    expect(parsePeriod("2026H2")).toMatchObject({ fromDay: "2026-07-01", toDay: "2026-12-31" });
    expect(parsePeriod("2026H1").months).toEqual([
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
    ]);
    expect(() => parsePeriod("2026Q1")).toThrow();
  });
});

describe("KMS signatures", () => {
  it("DER ECDSA becomes the 64-byte r‖s form, leading zero bytes handled", () => {
    const r = new Uint8Array(32).fill(0x81);
    const s = new Uint8Array(32).fill(0x01);
    // r has its top bit set, so DER prefixes a zero byte
    const der = Uint8Array.from([0x30, 69, 0x02, 33, 0x00, ...r, 0x02, 32, ...s]);
    const out = derToJose(der);
    expect(out.length).toBe(64);
    expect([...out.subarray(0, 32)]).toEqual([...r]);
    expect([...out.subarray(32)]).toEqual([...s]);
  });
});

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}
