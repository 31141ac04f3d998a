/** CDK entry (`cdk.json`): `npm run synth`, `npm run deploy`, `-c stage=prod` for another stage. */
import { createPlatformApp } from "./platform-app.ts";

createPlatformApp().app.synth();
