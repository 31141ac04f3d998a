/**
 * A stand-in for AWS KMS on loopback, for the cold-started Lambda bundles: GenerateDataKey and
 * Decrypt over KMS's JSON protocol, wrapping data keys with the local stack's master key exactly
 * as the stack's own cipher does. So a bundle that asks "KMS" can open what the stack sealed, and
 * the other way round.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { localDataKeys } from "@cp/store/crypto/local-keys";

export interface KmsStub {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startKmsStub(masterKeyHex: string): Promise<KmsStub> {
  const keys = localDataKeys(Buffer.from(masterKeyHex, "hex"));
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += String(d);
    });
    req.on("end", async () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const input = (body ? JSON.parse(body) : {}) as { KeyId?: string; CiphertextBlob?: string };
      const reply = (status: number, payload: object) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify(payload));
      };
      try {
        if (target.endsWith(".GenerateDataKey")) {
          const key = await keys.generateDataKey();
          return reply(200, {
            KeyId: input.KeyId,
            Plaintext: b64(key.plaintext),
            CiphertextBlob: b64(key.wrapped),
          });
        }
        if (target.endsWith(".Decrypt")) {
          const plaintext = await keys.unwrapDataKey(
            Buffer.from(input.CiphertextBlob ?? "", "base64"),
          );
          return reply(200, { KeyId: input.KeyId, Plaintext: b64(plaintext) });
        }
        return reply(400, { __type: "UnsupportedOperationException", message: target });
      } catch {
        return reply(400, { __type: "InvalidCiphertextException", message: "cannot unwrap" });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
