/**
 * The contract's channel NAMES only, with no zod: the preload bundles this file, not contract.ts,
 * so the sandboxed preload stays small (the schemas live in main, where arguments are validated).
 * contract.ts checks at compile time that these lists and its channel table are the same set.
 */

/** Every invoke channel, `namespace:method`. */
export const invokeChannelNames = [
  'app:getState',
  'app:openExternal',
  'auth:signIn',
  'auth:cancelSignIn',
  'auth:signOut',
  'vault:searchPage',
  'vault:snapshot',
  'vault:statuses',
  'vault:refresh',
  'vault:copy',
  'vault:reveal',
  'vault:versions',
  'vault:setFavourite',
  'vault:totp',
  'vault:copyUsername',
  'vault:openLink',
  'cert:list',
  'cert:refresh',
  'cert:versions',
  'cert:savePublic',
  'cert:savePfx',
  'cert:renew',
  'cert:operation',
  'cert:merge',
  'cert:cancelOperation',
  'cert:setRenewal',
  'cert:delete',
  'cert:recover',
  'cert:deleted',
  'pim:eligible',
  'pim:active',
  'pim:requestedWith',
  'pim:activate',
  'pim:pending',
  'pim:cancel',
  'pim:deactivate',
  'pim:extend',
  'approvals:list',
  'approvals:decide',
  'approvals:requestInfo',
  'approvals:count',
  'team:group',
  'session:lockNow',
  'session:activity',
  'settings:update',
  'expiry:overview',
  'journal:recent',
  'window:hidePopup',
  'window:openMain',
] as const;

/** Every event channel main pushes to the renderer. */
export const eventChannels = [
  'pim:activation',
  'session:locked',
  'session:unlocked',
  'session:expiring',
  'clipboard:countdown',
  'clipboard:cleared',
  'vault:catalog',
  'vault:snapshot',
  'auth:deviceCode',
  'app:stateChanged',
  'ui:focusSearch',
  'approvals:inbox',
  'expiry:changed',
  'cert:catalog',
] as const;

/** The one key under which the preload exposes the bridge (`window.jitVault`). */
export const BRIDGE_KEY = 'jitVault';
