/**
 * Who sees and keeps which child files and roll-ups, at the edges (care/access.ts): a 儿童主任
 * whose account lacks the township, 民政 reading but not keeping, and roll-ups of areas named
 * only in part. A village's name is unique only within its township.
 */
import { careScopeOf, type Identity, mayKeepChildFile, mayReadRollup } from "@cp/domain";
import { describe, expect, it } from "vitest";

const director: Identity = {
  sub: "d",
  name: "d",
  roles: ["child_director"],
  township: "尼西乡",
  village: "汤满村",
};
const supervisor: Identity = {
  sub: "s",
  name: "s",
  roles: ["child_supervisor"],
  township: "尼西乡",
};
const civil: Identity = { sub: "c", name: "c", roles: ["officer"], agency: "civil_affairs" };
const police: Identity = { sub: "p", name: "p", roles: ["officer"], agency: "police" };

describe("careScopeOf", () => {
  it("gives a 主任 no area unless both township and village are known", () => {
    expect(careScopeOf({ ...director, township: undefined })).toBeUndefined();
    expect(careScopeOf({ ...director, village: undefined })).toBeUndefined();
    expect(careScopeOf({ ...supervisor, township: undefined })).toBeUndefined();
  });
});

describe("mayKeepChildFile", () => {
  it("lets the village's 主任 and the township's 督导员 keep a file, and not 民政 or the police", () => {
    const area = { township: "尼西乡", village: "汤满村" };
    expect(mayKeepChildFile(director, area)).toBe(true);
    expect(mayKeepChildFile(supervisor, area)).toBe(true);
    expect(mayKeepChildFile(civil, area)).toBe(false);
    expect(mayKeepChildFile(police, area)).toBe(false);
  });

  it("refuses a 主任 a village of the same name in another township", () => {
    expect(mayKeepChildFile(director, { township: "建塘镇", village: "汤满村" })).toBe(false);
    expect(mayKeepChildFile(supervisor, { township: "建塘镇", village: "汤满村" })).toBe(false);
  });
});

describe("mayReadRollup", () => {
  it("gives 民政 every area, the city's included, and the police none", () => {
    expect(mayReadRollup(civil, {})).toBe(true);
    expect(mayReadRollup(civil, { township: "建塘镇", village: "x" })).toBe(true);
    expect(mayReadRollup(police, { township: "尼西乡", village: "汤满村" })).toBe(false);
  });

  it("gives a 督导员 their township and its villages, not another township", () => {
    expect(mayReadRollup(supervisor, { township: "尼西乡", village: "幸福村" })).toBe(true);
    expect(mayReadRollup(supervisor, { township: "建塘镇" })).toBe(false);
  });

  it("gives a 主任 their own village only: not the township, not a namesake elsewhere", () => {
    expect(mayReadRollup(director, { township: "尼西乡", village: "汤满村" })).toBe(true);
    expect(mayReadRollup(director, { township: "尼西乡", village: "幸福村" })).toBe(false);
    expect(mayReadRollup(director, { township: "尼西乡" })).toBe(false);
    expect(mayReadRollup(director, { township: "建塘镇", village: "汤满村" })).toBe(false);
  });
});
