/**
 * The community security assessment: how different people experience
 * insecurity and why. Answered in private, one question at a time.
 */
export const ASSESSMENT_QUESTIONS = [
  "unsafe-places",
  "women-girls",
  "men-boys",
  "young-old",
  "disability-minority",
  "causes",
  "who-helps",
] as const;
export type AssessmentQuestion = (typeof ASSESSMENT_QUESTIONS)[number];
