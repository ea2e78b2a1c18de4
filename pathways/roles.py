"""Permissions of the platform roles for pathways (synced into groups by people.services.roles_sync).

Curated pathway pages are edited under "Role pathways" with Wagtail group page permissions granted by
`pathways.services.pathway_index_ensure`.
"""

ROLE_PERMISSIONS = {
    "curator": ["pathways.view_demand_report"],
    "administrator": ["pathways.view_demand_report"],
}
