"""Permissions of the platform roles for the framework (synced into groups by people.services.roles_sync).

Curators edit the current (or a draft) version: names, descriptions, level order, indicative grades, required
skills, roles that could lead here, change notes; they import exports and make a reviewed version current.
Families, roles, levels and skills are created and removed only by an import (so the framework stays in step
with the official export), which is why no add/delete permissions are declared here.
"""

CURATOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "framework.view_rolefamily",
    "framework.change_rolefamily",
    "framework.view_role",
    "framework.change_role",
    "framework.view_rolelevel",
    "framework.change_rolelevel",
    "framework.view_skill",
    "framework.change_skill",
    "framework.view_changenote",
    "framework.add_changenote",
    "framework.change_changenote",
    "framework.view_frameworkversion",
    "framework.view_frameworkimport",
    "framework.import_framework",
    "framework.activate_frameworkversion",
]

ROLE_PERMISSIONS = {
    "curator": CURATOR_PERMISSIONS,
    "administrator": [*CURATOR_PERMISSIONS, "framework.delete_changenote"],
}
