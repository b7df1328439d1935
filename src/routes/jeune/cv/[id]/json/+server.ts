import { downloadResponse } from '../download';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) => downloadResponse(locals.actor, params.id, 'json');
