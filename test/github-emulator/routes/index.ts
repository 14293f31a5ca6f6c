/** Every emulated route, literal paths before parameterized ones where both could match. */
import { Router } from '../router.js';
import { actionRoutes } from './actions.js';
import { blobRoutes } from './blobs.js';
import { commentRoutes } from './comments.js';
import { issueRoutes } from './issues.js';
import { labelRoutes } from './labels.js';
import { repositoryRoutes } from './repository.js';

export function buildRouter(): Router {
  // Comment and event routes (`/issues/comments…`, `/issues/events…`) go before `/issues/{issue_number}`.
  return new Router().add(
    ...commentRoutes,
    ...issueRoutes,
    ...labelRoutes,
    ...repositoryRoutes,
    ...blobRoutes,
    ...actionRoutes,
  );
}
