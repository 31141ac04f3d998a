import { log, storeContext, withRequestIds } from "../commons/runtime.ts";
import { createDispatchHandler } from "./handler.ts";

export const handler = withRequestIds(createDispatchHandler(storeContext(), log));
