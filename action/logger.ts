import * as core from '@actions/core';
import type { Logger } from '../src/logger.js';

/** The Logger port on top of @actions/core: warnings become annotations. */
export const actionsLogger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
  error: (m) => core.error(m),
};
