// Follow-up tests use the shared test world (structures, staff of every role, youth).
export { aWorld, aYouth, actorOf, aStructure, type World } from '../../testing/world';
