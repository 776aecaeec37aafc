import { z } from 'zod';

const schema = z.object({
  JWT_ISSUER: z.string().default('netra'),
  JWT_LEEWAY_SECONDS: z.coerce.number().int().default(5),
});

export const env = schema.parse(process.env);
