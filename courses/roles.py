"""Permissions of the platform roles for the catalogue (synced into groups by people.services.roles_sync).

Page permissions (add, change, publish under the catalogue) are Wagtail group page permissions, granted by
`courses.services.catalogue_workflow_ensure`; the moderation workflow makes a second curator approve.
"""

CURATOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "courses.add_provider",
    "courses.change_provider",
    "courses.view_provider",
    "courses.add_catalogueimport",
    "courses.view_catalogueimport",
    "courses.view_courselinkcheck",
]

ROLE_PERMISSIONS = {
    "curator": CURATOR_PERMISSIONS,
    "administrator": [*CURATOR_PERMISSIONS, "courses.delete_provider"],
}
