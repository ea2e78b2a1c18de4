"""Demo reference data and one sign-in per role, loaded by `manage.py seed_demo`. Safe to run repeatedly."""

from django.db import transaction

from . import roles
from .models import Grade, LearnerProfile, Organisation, Profession, User
from .services import organisation_create, roles_sync, user_grant_role

DEMO_PASSWORD = "demo-password-1234"

GRADES = [
    ("AA", "Administrative Assistant"),
    ("AO", "Administrative Officer"),
    ("EO", "Executive Officer"),
    ("HEO", "Higher Executive Officer"),
    ("SEO", "Senior Executive Officer"),
    ("G7", "Grade 7"),
    ("G6", "Grade 6"),
    ("SCS1", "Senior Civil Service 1 (Deputy Director)"),
    ("SCS2", "Senior Civil Service 2 (Director)"),
    ("SCS3", "Senior Civil Service 3 (Director General)"),
    ("SCS4", "Senior Civil Service 4 (Permanent Secretary)"),
]

PROFESSIONS = [
    "Digital and Data",
    "Policy",
    "Operational Delivery",
    "Finance",
    "Human Resources",
    "Project Delivery",
    "Commercial",
    "Analysis",
    "Communications",
    "Science and Engineering",
]

# (name, slug, abbreviation, kind, parent slug)
ORGANISATIONS = [
    ("Cabinet Office", "cabinet-office", "CO", "ministerial", None),
    (
        "Government Digital Service",
        "government-digital-service",
        "GDS",
        "unit",
        "department-for-science-innovation-technology",
    ),
    (
        "Department for Science, Innovation and Technology",
        "department-for-science-innovation-technology",
        "DSIT",
        "ministerial",
        None,
    ),
    (
        "Central Digital and Data Office",
        "central-digital-and-data-office",
        "CDDO",
        "unit",
        "department-for-science-innovation-technology",
    ),
    ("HM Revenue and Customs", "hm-revenue-customs", "HMRC", "non_ministerial", None),
    ("Valuation Office Agency", "valuation-office-agency", "VOA", "agency", "hm-revenue-customs"),
    ("Department for Work and Pensions", "department-for-work-pensions", "DWP", "ministerial", None),
    ("Ministry of Justice", "ministry-of-justice", "MOJ", "ministerial", None),
    ("HM Courts and Tribunals Service", "hm-courts-tribunals-service", "HMCTS", "agency", "ministry-of-justice"),
    ("Home Office", "home-office", "HO", "ministerial", None),
    ("Department for Education", "department-for-education", "DfE", "ministerial", None),
    ("Office for National Statistics", "office-for-national-statistics", "ONS", "non_ministerial", None),
]

# (email, name, role, organisation slug)
DEMO_USERS = [
    ("learner@example.gov.uk", "Sam Learner", roles.LEARNER, "department-for-work-pensions"),
    ("manager@example.gov.uk", "Morgan Manager", roles.LINE_MANAGER, "department-for-work-pensions"),
    ("curator@example.gov.uk", "Casey Curator", roles.CURATOR, "central-digital-and-data-office"),
    ("curator2@example.gov.uk", "Charlie Curator", roles.CURATOR, "central-digital-and-data-office"),
    ("analyst@example.gov.uk", "Alex Analyst", roles.HR_ANALYST, "department-for-work-pensions"),
    ("admin@example.gov.uk", "Ari Administrator", roles.ADMINISTRATOR, "cabinet-office"),
]


@transaction.atomic
def seed() -> str:
    for rank, (code, name) in enumerate(GRADES, start=1):
        Grade.objects.update_or_create(code=code, defaults={"name": name, "rank": rank})
    for name in PROFESSIONS:
        from django.utils.text import slugify

        Profession.objects.update_or_create(slug=slugify(name), defaults={"name": name})
    pending = list(ORGANISATIONS)
    while pending:
        name, slug, abbreviation, kind, parent_slug = pending.pop(0)
        parent = None
        if parent_slug:
            parent = Organisation.objects.filter(slug=parent_slug).first()
            if parent is None:
                pending.append((name, slug, abbreviation, kind, parent_slug))
                continue
        organisation_create(name=name, slug=slug, abbreviation=abbreviation, kind=kind, parent=parent)
    roles_sync()

    from allauth.account.models import EmailAddress

    digital = Profession.objects.get(slug="digital-and-data")
    manager = None
    for email, name, role, org_slug in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        user_grant_role(user=user, role=role)
        if role != roles.LEARNER:
            user_grant_role(user=user, role=roles.LEARNER)
        if role == roles.ADMINISTRATOR:
            user.is_superuser = True
            user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        org = Organisation.objects.get(slug=org_slug)
        if role == roles.HR_ANALYST:
            user.analyst_organisations.add(org)
        profile, _ = LearnerProfile.objects.get_or_create(user=user)
        profile.organisation = profile.organisation or org
        profile.profession = profile.profession or digital
        profile.grade = profile.grade or Grade.objects.get(code="HEO")
        if role == roles.LINE_MANAGER:
            manager = user
        if role == roles.LEARNER and manager is None:
            manager = User.objects.filter(email="manager@example.gov.uk").first()
        profile.save()
    learner_profile = LearnerProfile.objects.get(user__email="learner@example.gov.uk")
    learner_profile.line_manager = User.objects.get(email="manager@example.gov.uk")
    learner_profile.save(update_fields=["line_manager"])
    return f"{Organisation.objects.count()} organisations, {Grade.objects.count()} grades, {len(DEMO_USERS)} demo users"


def sign_ins() -> list[tuple[str, str, str]]:
    return [(roles.ROLE_NAMES[role], email, DEMO_PASSWORD) for email, _, role, _ in DEMO_USERS]
