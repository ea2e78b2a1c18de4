"""The platform's roles, as Django groups with real permissions.

Each app may declare `ROLE_PERMISSIONS = {role_key: ["app_label.codename", ...]}` in its own `roles.py`;
`people.services.roles_sync` merges them into the groups below. A permission that does not exist yet is skipped.
"""

LEARNER = "learner"
LINE_MANAGER = "line_manager"
CURATOR = "curator"
HR_ANALYST = "hr_analyst"
ADMINISTRATOR = "administrator"

ROLE_NAMES = {
    LEARNER: "Learner",
    LINE_MANAGER: "Line manager",
    CURATOR: "L&D curator",
    HR_ANALYST: "HR analyst",
    ADMINISTRATOR: "Administrator",
}

# Roles whose members use the Wagtail admin.
ADMIN_ROLES = {CURATOR, ADMINISTRATOR}

ROLE_PERMISSIONS = {
    LEARNER: [],
    LINE_MANAGER: ["people.view_direct_reports"],
    CURATOR: ["wagtailadmin.access_admin"],
    HR_ANALYST: [],
    ADMINISTRATOR: [
        "wagtailadmin.access_admin",
        "people.view_user",
        "people.change_user",
        "people.add_organisation",
        "people.change_organisation",
        "people.delete_organisation",
        "people.add_profession",
        "people.change_profession",
        "people.add_grade",
        "people.change_grade",
        "people.add_signupdomain",
        "people.change_signupdomain",
        "people.delete_signupdomain",
        "people.view_auditevent",
        "auth.view_group",
        "auth.change_group",
    ],
}
