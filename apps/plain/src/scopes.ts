/** Plain's permissions a key may hold (Plain calls scopes permissions); a new key gets them all. */
const ALL = [
  "customer:read",
  "customer:create",
  "customer:edit",
  "customer:delete",
  "customerGroup:read",
  "customerGroupMembership:read",
  "customerGroupMembership:create",
  "customerGroupMembership:delete",
] as const;

export const PLAIN_SCOPES = { all: ALL, defaults: ALL };
