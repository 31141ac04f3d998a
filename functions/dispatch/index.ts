import { log, storeContext } from "../commons/runtime.ts";
import { createDispatchHandler } from "./handler.ts";

export const handler = createDispatchHandler(storeContext(), log);
