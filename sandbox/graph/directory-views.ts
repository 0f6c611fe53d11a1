import type { GroupState, UserState } from '../state/model.js';

/**
 * Directory objects as Graph v1.0 renders them: the user (`/me`, `$expand=principal`) and the group
 * (`$expand=group`). Shapes follow api/user-get.md and resources/group.md.
 */

/** A user's default property set (user-get.md). */
export function userJson(user: UserState, homeUser?: UserState): Record<string, unknown> {
  const [givenName, ...rest] = user.displayName.replace(/\s*\(.*\)\s*$/, '').split(' ');
  const homeUpn = homeUser?.username;
  return {
    businessPhones: [],
    displayName: user.displayName,
    givenName: givenName ?? null,
    jobTitle: jobTitle(user),
    // A B2B guest's mail is the home address; a member's is the UPN in this tenant.
    mail: homeUpn ?? user.username,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    surname: rest.length ? rest.join(' ') : null,
    userPrincipalName: user.username,
    id: user.oid,
  };
}

/** The properties of a user object, for `$select` validation. */
export const USER_PROPERTIES = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id', 'accountEnabled', 'userType'];

/** A user as an expanded directoryObject (`$expand=principal`), typed as Graph does. */
export function principalJson(user: UserState | undefined, id: string, homeUser?: UserState): Record<string, unknown> {
  if (!user) return { '@odata.type': '#microsoft.graph.directoryObject', id, deletedDateTime: null };
  return { '@odata.type': '#microsoft.graph.user', deletedDateTime: null, ...userJson(user, homeUser) };
}

/** A security group (resources/group.md), as `$expand=group` returns it. */
export function groupJson(group: GroupState): Record<string, unknown> {
  return {
    id: group.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: group.createdDateTime,
    creationOptions: [],
    description: group.description,
    displayName: group.displayName,
    expirationDateTime: null,
    groupTypes: [],
    isAssignableToRole: null,
    mail: null,
    mailEnabled: false,
    mailNickname: group.displayName.replace(/[^A-Za-z0-9-]/g, ''),
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null,
    proxyAddresses: [],
    renewedDateTime: group.createdDateTime,
    securityEnabled: true,
    visibility: null,
  };
}

function jobTitle(user: UserState): string | null {
  if (user.role === 'admin') return 'Security Administrator';
  if (user.role === 'auditor') return 'Auditor';
  return 'Helpdesk Engineer';
}
