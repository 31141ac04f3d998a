import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { stageName } from "../config.ts";

/** Who issues the tokens the API accepts: what the JWT authorizer and the functions verify. */
export interface TokenIssuer {
  readonly issuer: string;
  /** The client id tokens are issued to (`aud` of ID tokens, `client_id` of access tokens). */
  readonly audience: string;
  readonly jwksUrl: string;
}

export interface AuthProps {
  readonly stage: string;
  /** Cognito Plus tier with full threat protection. */
  readonly plus: boolean;
}

/**
 * The Cognito user pool whose tokens the API's JWT authorizer accepts.
 *
 * Accounts are created by administrators only (mandatory reporters and agency staff are known
 * people), MFA by authenticator app is required for everyone, and the custom attributes the app
 * reads (`agency`, `roles`, `org`) can be written by administrators only: the app client may not
 * write them, so a user cannot grant themselves a role.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, "Users", {
      userPoolName: stageName(props.stage, "cp-users"),
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        agency: new StringAttribute({ mutable: true, maxLen: 32 }),
        roles: new StringAttribute({ mutable: true, maxLen: 128 }),
        org: new StringAttribute({ mutable: true, maxLen: 256 }),
      },
      ...(props.plus
        ? {
            featurePlan: FeaturePlan.PLUS,
            standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
          }
        : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    if (!props.plus) {
      Validations.of(this.userPool).acknowledge({
        id: "AwsSolutions-COG8",
        reason:
          "The Plus tier (threat protection) is billed per active user and is not offered in every region; MFA is required for all users and sign-up is admin-only. Turn it on with -c cognitoPlus=true.",
      });
    }
    this.client = this.userPool.addClient("WebClient", {
      userPoolClientName: stageName(props.stage, "cp-web"),
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, fullname: true, emailVerified: true })
        .withCustomAttributes("agency", "roles", "org"),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }

  /** The pool as a token issuer; its URLs carry the region's own domain suffix. */
  get tokenIssuer(): TokenIssuer {
    const issuer = this.userPool.userPoolProviderUrl;
    return {
      issuer,
      audience: this.client.userPoolClientId,
      jwksUrl: `${issuer}/.well-known/jwks.json`,
    };
  }
}
