import { Aws, Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
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
  /**
   * The web app's URL: with it, the app client uses the hosted login (authorization code with
   * PKCE, callback `<url>/auth/callback`, sign-out back to `<url>/`) on a user-pool domain.
   */
  readonly webUrl?: string;
  /** The hosted login's domain prefix (default `cp-<stage>-<account id>`, unique per region). */
  readonly domainPrefix?: string;
}

/** Where the web app returns from the hosted login (packages/web/src/auth/oidc.ts). */
export const CALLBACK_PATH = "/auth/callback";

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
  private readonly hostedDomain?: UserPoolDomain;

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
      // A public client: the browser holds no secret; PKCE protects the code exchange.
      generateSecret: false,
      authFlows: { userSrp: true },
      ...(props.webUrl
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
              scopes: [OAuthScope.OPENID, OAuthScope.PROFILE, OAuthScope.EMAIL],
              callbackUrls: [`${props.webUrl}${CALLBACK_PATH}`],
              logoutUrls: [`${props.webUrl}/`],
            },
            supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
          }
        : { disableOAuth: true }),
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, fullname: true, emailVerified: true })
        .withCustomAttributes("agency", "roles", "org"),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    if (props.webUrl) {
      this.hostedDomain = this.userPool.addDomain("HostedLogin", {
        cognitoDomain: {
          domainPrefix: props.domainPrefix ?? `cp-${props.stage}-${Aws.ACCOUNT_ID}`,
        },
      });
    }
  }

  /** The hosted login's domain, when the web app signs in through it. */
  get domain(): UserPoolDomain | undefined {
    return this.hostedDomain;
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
