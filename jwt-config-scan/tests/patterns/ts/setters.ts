import { vi } from 'vitest';

vi.stubEnv('JWT_SECRET_KEY', 'written');
settings.set('JWT_SECRET', 'written');
