/**
 * Who did something, as a person reads it: "公安 部门承办人", "系统", "报告人" (the API names a
 * masked reporter by the role alone). The account id follows as an identifier, marked not to
 * be translated, like a reference number or a hash.
 */
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { AuditEvent } from "../api/types.ts";

type Actor = AuditEvent["actor"];

function actorWords(actor: Actor, t: TFunction): string {
  if (actor.sub === "system") return t("audit.system");
  const role = actor.roles.find((r) => r !== "reporter") ?? actor.roles[0] ?? actor.sub;
  const name = t(`roles.${role}`, { defaultValue: t("audit.someone") });
  return actor.agency ? `${t(`agency.${actor.agency}`)} ${name}` : name;
}

/** The account, when the API names one (not the system, not a masked role). */
const account = (actor: Actor) =>
  actor.sub === "system" || actor.roles.includes(actor.sub) ? undefined : actor.sub;

export function ActorName({ actor }: { readonly actor: Actor }) {
  const { t } = useTranslation();
  const id = account(actor);
  return (
    <span data-testid="actor">
      {actorWords(actor, t)}
      {id && (
        <>
          {" "}
          <Identifier>{id}</Identifier>
        </>
      )}
    </span>
  );
}

/** An identifier (account, hash): shown as it is, never translated. */
export function Identifier({ children }: { readonly children: string }) {
  return (
    <span translate="no" className="cp-identifier">
      {children}
    </span>
  );
}
