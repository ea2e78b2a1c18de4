"""Who may use each view: the explicit expected outcome per role (see matrix.py for the outcome words).

Add a row for every new view. `path` may be a callable taking the World (tests/security/test_authorization_matrix.py):
`w.users[role]` are the demo people (learner, manager, curator, hr_analyst, admin); learner reports to manager.
"""

from tests.security.matrix import row


def _first(model_path: str, attr: str):
    def get(w):
        from django.utils.module_loading import import_string

        model = import_string(model_path)
        obj = model.objects.order_by("pk").first()
        return getattr(obj, attr) if obj is not None else "missing"

    return get


def _framework(kind: str, model: str, suffix: str = ""):
    def path(w):
        slug = _first(f"framework.models.{model}", "slug")(w)
        return f"/framework/{kind}/{slug}{suffix}"

    return path


def _course_activity(w):
    return f"/courses/activities/{_first('courses.models.CoursePage', 'stable_id')(w)}/"


def _learners_plan_item(w):
    """A plan item belonging to the learner: only the learner may see it."""
    from pathways.models import PlanItem

    item, _ = PlanItem.objects.get_or_create(
        user=w.users["learner"], course=None, defaults={"course_title": "Matrix sample course"}
    )
    return f"/pathways/plan/{item.pk}/"


def _learners_team_page(w):
    """The learner's page in the team view: only their line manager may see it."""
    return f"/pathways/team/{w.users['learner'].pk}/"


def _curated_add(w):
    from pathways.models import CuratedPathwayPage

    page = CuratedPathwayPage.objects.first()
    return f"/pathways/curated/{page.pk if page else 999999}/add/"


# Everyone, signed in or not, may read public pages; LRS clients are just anonymous visitors outside /xapi/.
PUBLIC = {"default": "ok"}
# A signed-in person's own pages: anonymous visitors and LRS clients are sent to sign in.
SIGNED_IN = {"default": "ok", "anonymous": "login", "lrs_client": "login"}
# The open-data API: anyone may read; a request carrying credentials the API does not accept (an LRS key) is refused.
OPEN_API = {"default": "ok", "lrs_client": "forbidden"}
# HR aggregates: HR analysts (scoped, see tests/insights) and administrators only.
HR_ONLY = {"default": "forbidden", "anonymous": "login", "lrs_client": "login", "hr_analyst": "ok", "admin": "ok"}
# POST-only actions on a learner's own plan: a GET is refused once signed in.
POST_ONLY = {"default": "method", "anonymous": "login", "lrs_client": "login"}
# Pages that need a profile first send the learner to set it up.
NEEDS_PROFILE = {"default": "redirect", "anonymous": "login", "lrs_client": "login"}

TABLE = {
    # --- core ---
    "wagtail_serve": row("/", **PUBLIC),
    "accessibility": row("/accessibility/", **PUBLIC),
    "privacy": row("/privacy/", **PUBLIC),
    "cookies": row("/cookies/", **PUBLIC),
    "healthcheck": row("/healthz", **PUBLIC),
    # --- people ---
    "people:account": row("/people/account/", **SIGNED_IN),
    "people:data_json": row("/people/account/data.json", **SIGNED_IN),
    "people:data_csv": row("/people/account/data.csv", **SIGNED_IN),
    "people:account_delete": row("/people/account/delete/", **SIGNED_IN),
    "people:account_deleted": row("/people/account/deleted/", **PUBLIC),
    # --- framework (open data) ---
    "framework:home": row("/framework/", **PUBLIC),
    "framework:family": row(_framework("families", "RoleFamily"), **PUBLIC),
    "framework:role": row(_framework("roles", "Role"), **PUBLIC),
    "framework:role_level": row(_framework("role-levels", "RoleLevel"), **PUBLIC),
    "framework:compare": row(_framework("role-levels", "RoleLevel", "/compare"), **PUBLIC),
    "framework:skills": row("/framework/skills/", **PUBLIC),
    "framework:skill": row(_framework("skills", "Skill"), **PUBLIC),
    "framework:versions": row("/framework/versions/", **PUBLIC),
    "framework:download": row("/framework/download/", **PUBLIC),
    "framework:export_roles": row("/framework/download/roles.csv", **PUBLIC),
    "framework:export_skills": row("/framework/download/skills.csv", **PUBLIC),
    "framework:export_skos": row("/framework/download/skos.jsonld", **PUBLIC),
    # --- courses ---
    "courses:catalogue": row("/courses/", **PUBLIC),
    "courses:activity": row(_course_activity, default="redirect"),  # the IRI resolves to the course page
    # --- search ---
    "search:search": row("/search/?q=data", **PUBLIC),
    # --- open data API ---
    "api-schema": row("/api/v1/schema/", **OPEN_API),
    "api-root": row("/api/v1/framework/", **OPEN_API),
    "framework-version-list": row("/api/v1/framework/versions/", **OPEN_API),
    "framework-version-detail": row(
        lambda w: f"/api/v1/framework/versions/{_first('framework.models.FrameworkVersion', 'label')(w)}/", **OPEN_API
    ),
    "framework-family-list": row("/api/v1/framework/families/", **OPEN_API),
    "framework-family-detail": row(
        lambda w: f"/api/v1/framework/families/{_first('framework.models.RoleFamily', 'slug')(w)}/", **OPEN_API
    ),
    "framework-role-list": row("/api/v1/framework/roles/", **OPEN_API),
    "framework-role-detail": row(
        lambda w: f"/api/v1/framework/roles/{_first('framework.models.Role', 'slug')(w)}/", **OPEN_API
    ),
    "framework-role-level-list": row("/api/v1/framework/role-levels/", **OPEN_API),
    "framework-role-level-detail": row(
        lambda w: f"/api/v1/framework/role-levels/{_first('framework.models.RoleLevel', 'slug')(w)}/", **OPEN_API
    ),
    "framework-skill-list": row("/api/v1/framework/skills/", **OPEN_API),
    "framework-skill-detail": row(
        lambda w: f"/api/v1/framework/skills/{_first('framework.models.Skill', 'slug')(w)}/", **OPEN_API
    ),
    # --- pathways (a learner's own) ---
    "pathways:dashboard": row("/pathways/", **SIGNED_IN),
    "pathways:profile": row("/pathways/profile/", **SIGNED_IN),
    "pathways:assessment": row("/pathways/assessment/", **SIGNED_IN),
    "pathways:gap": row("/pathways/gap/", **NEEDS_PROFILE),
    "pathways:compare": row("/pathways/compare/", **SIGNED_IN),
    "pathways:pathway": row("/pathways/pathway/", **NEEDS_PROFILE),
    "pathways:pathway_add": row("/pathways/pathway/add/", **POST_ONLY),
    "pathways:curated_add": row(_curated_add, **POST_ONLY),
    "pathways:plan": row("/pathways/plan/", **SIGNED_IN),
    "pathways:plan_item": row(
        _learners_plan_item, default="missing", learner="ok", anonymous="login", lrs_client="login"
    ),
    "pathways:team": row(
        "/pathways/team/", default="forbidden", manager="ok", admin="ok", anonymous="login", lrs_client="login"
    ),
    "pathways:report": row(
        _learners_team_page, default="forbidden", manager="ok", admin="missing", anonymous="login", lrs_client="login"
    ),
    # --- insights (HR analysts and administrators) ---
    "insights:dashboard": row("/insights/", **HR_ONLY),
    "insights:download": row("/insights/download/skills.csv", **HR_ONLY),
    # --- xAPI LRS ---
    # Anonymous requests need a credential (401). A signed-in person's session may read statements (their own);
    # the default LRS client (statements write + read mine) has no state/profile scope (403). Requests without
    # their required parameters are refused as bad (400), and an unknown "more" token is not found.
    "learning_records:statements": row("/xapi/statements", default="ok", anonymous="auth"),
    "learning_records:statements_more": row("/xapi/statements/more/invalid-token", default="missing", anonymous="auth"),
    "learning_records:state": row("/xapi/activities/state", default="forbidden", anonymous="auth"),
    "learning_records:activity_profile": row("/xapi/activities/profile", default="forbidden", anonymous="auth"),
    "learning_records:activities": row("/xapi/activities", default="bad", anonymous="auth"),
    "learning_records:agent_profile": row("/xapi/agents/profile", default="forbidden", anonymous="auth"),
    "learning_records:agents": row("/xapi/agents", default="bad", anonymous="auth"),
    "learning_records:about": row("/xapi/about", **PUBLIC),
    "learning_records:profile": row("/xapi/profile/", **PUBLIC),
}
