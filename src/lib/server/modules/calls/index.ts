import './calls.errors';

export { CALL_MODES, type CallMode } from './calls.schema';
export { MAX_CANDIDATE_LENGTH, MAX_SDP_LENGTH, MAX_SIGNAL_BYTES, SIGNAL_TYPES, type SignalInput, type SignalType } from './calls.validation';
export { callStream, type CallSide } from './calls.repository';
export { iceServersFor, turnCredentials, type IceServer } from './calls.ice';
export { CALL_REUSE_HOURS, callExpired, findCall, openCall, postSignal, requireCall, SIGNAL_POLICY, type SignalOutcome } from './calls.usecases';
export { getCallPage, type CallPage } from './calls.queries';
export { callNotFound } from './calls.errors';
export { readSignalBody } from './calls.http';
