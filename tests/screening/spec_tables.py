"""Tables from SCREENING_SPEC.md, written out so tests check rules.yml against the spec.

A plain module (not a conftest) so test modules can import the tables for their
parametrize lists.
"""

from __future__ import annotations

# Spec section 2, first two rows.
EMERGENCY_FLAGS = (
    "thunderclap_onset",
    "neuro_deficit",
    "vision_loss",
    "seizure",
    "fainting",
    "head_injury",
)
PHYSICIAN_FLAGS = (
    "high_blood_pressure",
    "pregnancy",
    "cancer_history",
    "immunosuppression",
    "progressive_worsening",
    "positional_or_morning_headache",
    "weight_loss",
    "scalp_tenderness",
    "fever",
)

SPEC_CONCEPTS = (  # spec section 1, in its order
    "headache",
    "unilateral_head_pain",
    "side_shifting_pain",
    "bilateral_head_pain",
    "occipital_pain",
    "neck_pain",
    "neck_stiffness",
    "pain_on_neck_movement",
    "pain_on_sustained_posture",
    "pain_on_neck_pressure",
    "shoulder_arm_pain",
    "jaw_joint_noise",
    "jaw_pain_on_movement",
    "tmj_area_pain",
    "jaw_locking",
    "teeth_grinding",
    "dizziness",
    "poor_sleep",
    "anxiety",
    "depression",
    "thunderclap_onset",
    "fever",
    "neuro_deficit",
    "vision_loss",
    "seizure",
    "fainting",
    "head_injury",
    "high_blood_pressure",
    "pregnancy",
    "cancer_history",
    "immunosuppression",
    "progressive_worsening",
    "positional_or_morning_headache",
    "weight_loss",
    "scalp_tenderness",
)
SIDED_CONCEPTS = (
    "unilateral_head_pain",
    "neck_pain",
    "shoulder_arm_pain",
    "tmj_area_pain",
)


def words(concept: str) -> str:
    """Stand-in for the visitor's own words about `concept`."""
    return f"my words about {concept}"
