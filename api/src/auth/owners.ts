import { isUuid } from '../common/ids.js';
import { InstrumentService } from '../instruments/instrument.service.js';
import { Response } from '../responses/response.entity.js';
import { WaveService } from '../waves/wave.service.js';
import type { OwnerLookups } from './rules.js';

/** How the rules find the project of what an argument names: listed here, given to the checker in `schema.ts`. */
export const ownerLookups: OwnerLookups = {
  projectOf: {
    Wave: (context, id) => new WaveService(context.em).projectOf(id),
    Response: async (context, id) => {
      // SetTextTagsInput.responseId is not a UUID-typed field yet: a malformed id must not reach PostgreSQL.
      if (!isUuid(id)) return undefined;
      const response = await context.em.findOne(Response, { id }, { populate: ['wave'] });
      return response?.wave.project.id;
    },
  },
  instrumentProject: (context, id) => new InstrumentService(context.em).projectOf(id),
};
