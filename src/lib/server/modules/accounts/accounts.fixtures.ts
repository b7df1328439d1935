// Account builders for tests live with the shared test world (they need structures too).
export { aProfessional, aYouth, actorOf, aWorld, type World } from '../../testing/world';
