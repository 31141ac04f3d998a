import { log, storeContext } from "../commons/runtime.ts";
import { createRouterHandler } from "./handler.ts";

export const handler = createRouterHandler(storeContext(), log);
