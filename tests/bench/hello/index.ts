/**
 * The yardstick for cold starts: the smallest useful Hono app on Lambda. Each function's cold
 * start is reported as a multiple of this one's, built and started the same way.
 */
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

const app = new Hono();
app.get("/", (c) => c.text("hello"));

export const handler = handle(app);
