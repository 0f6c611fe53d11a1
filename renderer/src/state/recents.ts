/** Recently used items (shared with main, whose catalog cache keeps them on its first screen). */
export { RECENTS_SHOWN, recentKeys } from '../../../shared/domain/recent-keys.js';
