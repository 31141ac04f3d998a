import { allQueues, intakeQueue } from "@cp/store/definitions";
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  ApiMapping,
  CorsHttpMethod,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { type PlatformConfig, stageName } from "../config.ts";
import { AppFunction, LOG_RETENTION } from "./app-function.ts";
import type { TokenIssuer } from "./auth.ts";
import type { Data } from "./data.ts";
import type { DataKey } from "./encryption.ts";
import type { Messaging } from "./messaging.ts";

/** The only routes answered without a token: health, the OpenAPI document and its viewer. */
export const PUBLIC_ROUTES = ["/v1/health", "/v1/openapi.json", "/docs"] as const;

export interface ApiProps {
  readonly stage: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly key: DataKey;
  readonly data: Data;
  readonly messaging: Messaging;
  readonly tokens: TokenIssuer;
  /** The API's own domain (infra/config.ts, apiDomain). */
  readonly domain?: PlatformConfig["apiDomain"];
  readonly rateLimit: number;
  readonly burstLimit: number;
  /** Browser origins allowed by CORS; none means no CORS configuration. */
  readonly corsOrigins: readonly string[];
  /** Reserved concurrency of the API function. */
  readonly reservedConcurrency?: number;
}

/**
 * The HTTP API in front of `functions/api`.
 *
 * Every route requires a JWT from the platform's issuer (Cognito, or an external OIDC provider) (checked by API Gateway before the function runs)
 * except the public health and documentation routes. The stage throttles and writes one JSON
 * access-log line per request.
 */
/** Concurrent executions reserved for (and capping) the progress report function. */
const PROGRESS_CONCURRENCY = 2;

const API_FAILURES =
  "API Gateway invokes it synchronously only; a failure is the caller's 5xx answer and an alarm, and nothing is left half-done to replay (reports are idempotent by key).";

export class Api extends Construct {
  readonly handler: AppFunction;
  /** `GET /v1/reports/progress`: the same app, the only bundle with exceljs (infra/bundling.ts). */
  readonly progress: AppFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The base URL clients call: the custom domain if given, else the stage's own URL. */
  readonly url: string;
  /** Where the API's custom domain's DNS record points (a CNAME), when there is one. */
  readonly domainTarget?: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.handler = new AppFunction(this, "Handler", {
      stage: props.stage,
      name: "api",
      description: "HTTP API: reports, tickets, cases, audit, supervision",
      memorySize: 1024,
      timeout: Duration.seconds(15),
      environment: props.environment,
      key: props.key,
      reservedConcurrency: props.reservedConcurrency,
      noDeadLetterQueueBecause: API_FAILURES,
    });
    this.progress = new AppFunction(this, "Progress", {
      stage: props.stage,
      name: "progress",
      description: "The semiannual progress report (JSON, CSV, XLSX)",
      memorySize: 1024,
      timeout: Duration.seconds(30),
      environment: props.environment,
      key: props.key,
      // Semiannual reports, run by a few supervisors: two at once is plenty and caps the cost.
      reservedConcurrency: PROGRESS_CONCURRENCY,
      noDeadLetterQueueBecause: API_FAILURES,
    });
    const { data, messaging } = props;
    // The report reads counters, the care roll-ups (BatchGetItem) and the work list (gsi3); PutItem:
    // the app writes refusals to the security log (a non-supervisor asking for the report).
    data.grant(
      this.progress.role,
      "main",
      ["BatchGetItem", "GetItem", "Query", "PutItem"],
      ["gsi3"],
    );
    // GET /v1/health asks the main table and the intake queue whether they answer.
    data.grantDescribe(this.handler.role, "main");
    messaging.get(intakeQueue).queue.grant(this.handler.role, "sqs:GetQueueAttributes");
    // DeleteItem: closing a case's last ticket removes the child's open-case link.
    data.grant(
      this.handler.role,
      "main",
      ["GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "DeleteItem"],
      ["gsi1", "gsi2", "gsi3"],
    );
    // GetItem: an audited read reads its case's access-log head before chaining the entry onto it.
    data.grant(this.handler.role, "audit", ["GetItem", "Query", "PutItem"]);
    // Filing feeds intake; declines, transfers and referrals notify agencies and supervisors.
    messaging.grantSend(this.handler.role, ...allQueues);
    props.key.grantPersonalData(this.handler.role);

    const authorizer = new HttpJwtAuthorizer("Jwt", props.tokens.issuer, {
      authorizerName: "jwt",
      jwtAudience: [props.tokens.audience],
    });
    this.httpApi = new HttpApi(this, "HttpApi", {
      apiName: stageName(props.stage, "cp-api"),
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      corsPreflight:
        props.corsOrigins.length > 0
          ? {
              allowOrigins: [...props.corsOrigins],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
              allowHeaders: ["authorization", "content-type", "idempotency-key", "if-match"],
              exposeHeaders: ["etag", "location"],
              maxAge: Duration.hours(1),
            }
          : undefined,
    });
    const integration = new HttpLambdaIntegration("Lambda", this.handler.function);
    this.httpApi.addRoutes({ path: "/{proxy+}", methods: [HttpMethod.ANY], integration });
    this.httpApi.addRoutes({
      path: "/v1/reports/progress",
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration("Progress", this.progress.function),
    });
    for (const path of PUBLIC_ROUTES) {
      const routes = this.httpApi.addRoutes({
        path,
        methods: [HttpMethod.GET],
        integration,
        authorizer: new HttpNoneAuthorizer(),
      });
      for (const route of routes) {
        Validations.of(route).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `GET ${path} is public by contract (health check and API documentation); it returns no personal data.`,
        });
      }
    }

    this.accessLogs = new LogGroup(this, "AccessLogs", {
      retention: LOG_RETENTION,
      encryptionKey: props.key.forLogs(),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.stage = new HttpStage(this, "Stage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            time: "$context.requestTime",
            ip: "$context.identity.sourceIp",
            method: "$context.httpMethod",
            route: "$context.routeKey",
            path: "$context.path",
            status: "$context.status",
            latencyMs: "$context.responseLatency",
            sub: "$context.authorizer.claims.sub",
            authError: "$context.authorizer.error",
            integrationError: "$context.integrationErrorMessage",
          }),
        ),
      },
    });
    if (props.domain) {
      const domainName = new DomainName(this, "Domain", {
        domainName: props.domain.name,
        certificate: Certificate.fromCertificateArn(
          this,
          "Certificate",
          props.domain.certificateArn,
        ),
      });
      new ApiMapping(this, "Mapping", { api: this.httpApi, domainName, stage: this.stage });
      this.url = `https://${props.domain.name}/`;
      this.domainTarget = domainName.regionalDomainName;
    } else {
      this.url = this.stage.url;
    }
  }
}
