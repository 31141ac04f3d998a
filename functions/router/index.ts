import { log, storeContext, withRequestIds } from "../commons/runtime.ts";
import { createRouterHandler } from "./handler.ts";

export const handler = withRequestIds(createRouterHandler(storeContext(), log));
