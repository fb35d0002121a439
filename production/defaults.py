"""The reference's default production data, as `init_data` seeds it."""

PROJECT_STATUSES = [("Open", "#000000"), ("Closed", "#000000")]

DEPARTMENTS = [
    ("Modeling", "#78909C"),
    ("Animation", "#009688"),
    ("FX", "#26C6DA"),
    ("Compositing", "#F06292"),
    ("Concept", "#8D6E63"),
    ("Layout", "#7CB342"),
]

# name, short_name, color, flags
TASK_STATUSES = [
    ("Todo", "todo", "#f5f5f5", {"is_default": True}),
    ("Work In Progress", "wip", "#3273dc", {"is_wip": True}),
    ("Waiting For Approval", "wfa", "#ab26ff", {"is_feedback_request": True}),
    ("Retake", "retake", "#ff3860", {"is_retake": True}),
    ("Done", "done", "#22d160", {"is_done": True}),
    ("Ready To Start", "ready", "#fbc02d", {}),
    ("Neutral", "neutral", "#CCCCCC", {"is_default": True, "for_concept": True}),
    ("Approved", "approved", "#66BB6A", {"for_concept": True}),
    ("Rejected", "rejected", "#E81123", {"for_concept": True}),
]

ENTITY_TYPES = [
    "Shot",
    "Scene",
    "Sequence",
    "Episode",
    "Edit",
    "Concept",
    "ConceptFolder",
    "Character",
    "Prop",
    "Environment",
    "FX",
]

# name, color, priority, for_entity, department name (None: no department)
TASK_TYPES = [
    ("Concept", "#8D6E63", 1, "Asset", "Concept"),
    ("Modeling", "#78909C", 2, "Asset", "Modeling"),
    ("Shading", "#64B5F6", 3, "Asset", "Modeling"),
    ("Rigging", "#9CCC65", 4, "Asset", "Animation"),
    ("Concept", "#8D6E63", 1, "Concept", None),
    ("Edit", "#9b298c", 8, "Edit", "Compositing"),
    ("Storyboard", "#43A047", 1, "Shot", "Concept"),
    ("Layout", "#7CB342", 2, "Shot", "Layout"),
    ("Animation", "#009688", 3, "Shot", "Animation"),
    ("Lighting", "#F9A825", 4, "Shot", "Compositing"),
    ("FX", "#26C6DA", 5, "Shot", "FX"),
    ("Rendering", "#F06292", 6, "Shot", "Compositing"),
    ("Compositing", "#ff5252", 7, "Shot", "Compositing"),
]
