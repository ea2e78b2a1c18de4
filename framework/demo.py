"""A small sample framework for the demo and for a newcomer's first `make run`.

Written for this project: the family, role, level and skill NAMES are the real ones of the Government Digital and
Data Profession Capability Framework (so that demo courses and pathways line up with the official framework when
it is imported over this one), but every description here is our own short summary, not the official text.
The sample goes through the same importer as the official export, so slugs follow the same rule.
"""

import csv
import io

from django.db import transaction

from .csvformat import ROLES_COLUMNS, SKILLS_COLUMNS
from .models import FrameworkVersion

DEMO_LABEL = "demo"
DEMO_SOURCE = "Sample framework written for this project (names from the official framework, own descriptions)"

SKILL_DESCRIPTIONS = {
    "Accessibility": "Making services that everyone can use, including disabled people and people using assistive technology.",
    "Adapting to delivery methodologies": "Fitting analysis work to the delivery approach a team uses, from agile to more traditional methods.",
    "Agile and Lean practices": "Working in short iterations, learning from feedback and cutting waste from how a team delivers.",
    "Agile research practices": "Planning and running user research that keeps pace with an agile delivery team.",
    "Agile working (content design)": "Working on content as part of a multidisciplinary team that ships and improves in small steps.",
    "Analysis and synthesis": "Turning raw research data into clear findings a team can act on.",
    "Applied maths, statistics and scientific practices": "Using mathematical and statistical methods with scientific rigour to answer questions from data.",
    "Applying statistical and analytical tools and techniques": "Choosing and using the right analytical tools and methods for a question.",
    "Applying user-centred insights": "Using what is known about users to shape product decisions and priorities.",
    "Architect for the whole context": "Designing with the whole organisation, its constraints and its users in view, not one system alone.",
    "Architecture communication": "Explaining architectural ideas and decisions clearly to technical and non-technical people.",
    "Business modelling": "Describing how an organisation or service works with models that help people reason about change.",
    "Business process improvement": "Finding and delivering better ways for a business process to work.",
    "Capability building for digital, data and technology": "Making sure an organisation has the digital, data and technology people and skills it needs.",
    "Commercial management": "Buying and managing suppliers and contracts so that a team gets what it needs at a fair price.",
    "Communicating between the technical and non-technical": "Translating between specialists and everyone else so that decisions are well understood.",
    "Community collaboration": "Taking part in and strengthening communities of practice inside and outside government.",
    "Content concepts and prototyping": "Trying out content ideas quickly and testing them with users before committing to them.",
    "Data architecture": "Setting the direction for how an organisation structures, stores and connects its data.",
    "Data engineering": "Building reliable pipelines and stores that make data available for analysis.",
    "Data ethics and privacy": "Using data lawfully, fairly and transparently, protecting the people it describes.",
    "Data management": "Keeping data accurate, well described, secure and easy to find across its life.",
    "Data science innovation": "Spotting where new data science methods could help and trying them out responsibly.",
    "Design communication": "Explaining design decisions and the evidence behind them to the people who need to understand them.",
    "Designing and executing tests": "Writing and running tests that show whether software does what it should.",
    "Designing for everyone": "Designing services that work for people whatever their abilities or circumstances.",
    "Designing strategically": "Connecting design work to the goals of the organisation and the wider service.",
    "Designing together": "Designing with colleagues from other disciplines and with the people who use the service.",
    "Financial decision making for technology": "Making sound spending decisions on technology, balancing cost, value and risk.",
    "Inclusive research": "Including people with a wide range of needs, abilities and circumstances in research.",
    "Information security": "Protecting systems and information from threats while keeping them usable.",
    "Innovation in digital, data and technology": "Creating the conditions for teams to try new ideas and adopt what works.",
    "Life cycle management": "Looking after a product or service through discovery, alpha, beta, live and retirement.",
    "Making architectural decisions": "Weighing options and trade-offs to reach and record architecture decisions.",
    "Managing, reporting and resolving defects": "Logging, prioritising and following up defects until they are fixed.",
    "Modern development standards": "Writing code that is tested, reviewed, maintainable and secure by default.",
    "Ownership and topic": "Taking responsibility for a service area and knowing it in depth.",
    "Problem management": "Finding the root causes of incidents and stopping them from happening again.",
    "Prototyping": "Building quick, throwaway versions of an idea to learn from them.",
    "Service focus": "Keeping the quality of the service to its users at the centre of operational work.",
    "Stakeholder relationship management": "Building relationships with the people who have an interest in the work and managing their expectations.",
    "Stakeholder relationship management (content design)": "Working with subject experts and policy colleagues so that content is right and clear.",
    "Strategic thinking (content design)": "Planning content across a service or organisation, not one page at a time.",
    "Systems design": "Designing systems and their parts so that they meet needs and can change safely.",
    "Technical understanding": "Knowing the technologies a team depends on well enough to make good decisions about them.",
    "Test analysis": "Working out what needs to be tested and how, from requirements and risks.",
    "Testing": "Checking that code, data and systems work as expected before and after changes.",
}

ROLE_DESCRIPTIONS = {
    "Technical architect": "Designs the technical shape of services and makes sure the parts fit together.",
    "Chief technology officer": "Leads an organisation's technology strategy (a Senior Civil Service role).",
    "Chief data officer": "Leads how an organisation manages and uses its data (a Senior Civil Service role).",
    "Data analyst": "Collects, organises and analyses data to help people make better decisions.",
    "Data scientist": "Uses statistics, machine learning and coding to find insight in data.",
    "Data engineer": "Builds and looks after the systems that move and store data.",
    "Infrastructure engineer": "Builds and runs the platforms, networks and hosting that services depend on.",
    "Service desk manager": "Runs the service desk that helps users with problems and requests.",
    "Delivery manager": "Helps a team deliver: removes blockers, plans work and keeps everyone informed.",
    "Product manager": "Decides what a product should do, for whom and why, and leads its development.",
    "Business analyst": "Works out what a business needs and how a change will meet it.",
    "Test engineer": "Designs and automates tests that give a team confidence in its software.",
    "Software developer": "Writes, tests and maintains the code behind government services.",
    "Frontend developer": "Builds the parts of a service that people see and use in their browser.",
    "User researcher": "Helps teams understand the people who use a service and what they need.",
    "Content designer": "Writes and structures content so that people can find, understand and act on it.",
    "Interaction designer": "Designs how people move through a service and interact with it.",
}

LEVEL_CODES = {"A": "Awareness", "W": "Working", "P": "Practitioner", "E": "Expert", "-": "NOT IN USE"}

# (family, role, levels most junior first, {skill: one letter per level: A, W, P, E; "." not needed; "-" SCS})
ROLES = [
    (
        "Architecture",
        "Technical architect",
        [
            "Associate technical architect",
            "Technical architect",
            "Senior technical architect",
            "Lead technical architect",
            "Principal technical architect",
        ],
        {
            "Community collaboration": "AWPPP",
            "Architect for the whole context": "AWWPP",
            "Architecture communication": "AWPEE",
            "Making architectural decisions": "AWWPE",
        },
    ),
    (
        "Chief digital and data",
        "Chief technology officer",
        ["NOT IN USE"],
        {
            "Capability building for digital, data and technology": "-",
            "Innovation in digital, data and technology": "-",
            "Financial decision making for technology": "-",
        },
    ),
    (
        "Chief digital and data",
        "Chief data officer",
        ["NOT IN USE"],
        {
            "Capability building for digital, data and technology": "-",
            "Innovation in digital, data and technology": "-",
            "Data architecture": "-",
        },
    ),
    (
        "Data",
        "Data analyst",
        ["Associate data analyst", "Data analyst", "Senior data analyst", "Principal data analyst"],
        {
            "Communicating between the technical and non-technical": "AWPE",
            "Data ethics and privacy": "AWPP",
            "Applying statistical and analytical tools and techniques": "AWPE",
            "Data management": "AWPE",
        },
    ),
    (
        "Data",
        "Data scientist",
        [
            "Trainee data scientist",
            "Associate data scientist",
            "Data scientist",
            "Lead data scientist",
            "Principal data scientist",
            "Head of data science",
        ],
        {
            "Data ethics and privacy": "AWPEPE",
            "Applied maths, statistics and scientific practices": "AWPEEE",
            "Data engineering": "AWPEEP",
            "Data science innovation": "AWPEEP",
        },
    ),
    (
        "Data",
        "Data engineer",
        ["Data engineer", "Senior data engineer", "Lead data engineer", "Head of data engineering"],
        {
            "Communicating between the technical and non-technical": "AWPE",
            "Problem management": "AWPE",
            "Technical understanding": "WWPE",
            "Testing": "WWWW",
        },
    ),
    (
        "IT operations",
        "Infrastructure engineer",
        [
            "Associate infrastructure engineer",
            "Infrastructure engineer",
            "Senior infrastructure engineer",
            "Lead infrastructure engineer",
            "Principal infrastructure engineer",
        ],
        {
            "Modern development standards": "AWPEE",
            "Problem management": "AAWWP",
            "Technical understanding": "AWPEP",
            "Information security": "AAWPP",
        },
    ),
    (
        "IT operations",
        "Service desk manager",
        ["Service desk analyst", "Senior service desk analyst", "Service desk manager", "Head of service desk"],
        {
            "Problem management": ".AWP",
            "Technical understanding": "AAWW",
            "Ownership and topic": "WWPP",
            "Service focus": "AWWP",
        },
    ),
    (
        "Product and delivery",
        "Delivery manager",
        [
            "Associate delivery manager",
            "Delivery manager",
            "Senior delivery manager",
            "Head of (Agile) delivery management",
        ],
        {
            "Communicating between the technical and non-technical": "WPEE",
            "Agile and Lean practices": "WPEE",
            "Life cycle management": "AWPE",
            "Commercial management": "WWPE",
        },
    ),
    (
        "Product and delivery",
        "Product manager",
        [
            "Associate product manager",
            "Product manager",
            "Senior product manager",
            "Lead product manager",
            "Head of product",
        ],
        {
            "Stakeholder relationship management": "WPPEE",
            "Agile and Lean practices": "WPPEE",
            "Life cycle management": "AWPEE",
            "Applying user-centred insights": "WPPEE",
        },
    ),
    (
        "Product and delivery",
        "Business analyst",
        [
            "Trainee business analyst",
            "Junior business analyst",
            "Business analyst",
            "Senior business analyst",
            "Lead business analyst",
            "Head of business analysis",
        ],
        {
            "Stakeholder relationship management": "AAWPEE",
            "Adapting to delivery methodologies": "AAWPPE",
            "Business modelling": ".AWPEE",
            "Business process improvement": "AAWPEE",
        },
    ),
    (
        "Quality assurance testing (QAT)",
        "Test engineer",
        ["Associate test engineer", "Test engineer", "Senior test engineer", "Lead test engineer"],
        {
            "Communicating between the technical and non-technical": "AWPE",
            "Designing and executing tests": "AWPE",
            "Managing, reporting and resolving defects": "AWPE",
            "Test analysis": "AWPE",
        },
    ),
    (
        "Software development",
        "Software developer",
        [
            "Apprentice developer",
            "Junior developer",
            "Developer",
            "Senior developer",
            "Senior developer - management",
            "Lead developer",
            "Lead developer - management",
            "Principal developer",
            "Principal developer - management",
        ],
        {
            "Modern development standards": "AWPPPEEEE",
            "Information security": "AWPPPPPEE",
            "Prototyping": "AWPPPPPEE",
            "Systems design": ".AWPPPPEE",
        },
    ),
    (
        "Software development",
        "Frontend developer",
        [
            "Apprentice frontend developer",
            "Junior frontend developer",
            "Frontend developer",
            "Senior frontend developer",
            "Lead frontend developer",
            "Head of frontend development",
        ],
        {
            "Modern development standards": "AWPPEE",
            "Community collaboration": "AWPPPE",
            "Prototyping": "AWPPPE",
            "Accessibility": "AWPPEE",
        },
    ),
    (
        "User-centred design",
        "User researcher",
        [
            "Junior user researcher",
            "Associate user researcher",
            "User researcher",
            "Senior user researcher",
            "Lead user researcher",
            "Head of user research",
        ],
        {
            "Stakeholder relationship management": "AAWPEE",
            "Agile research practices": "AAWPPE",
            "Analysis and synthesis": "WAWPEE",
            "Inclusive research": "AAWPPE",
        },
    ),
    (
        "User-centred design",
        "Content designer",
        [
            "Junior content designer",
            "Associate content designer",
            "Content designer",
            "Senior content designer",
            "Lead content designer",
            "Head of content design",
        ],
        {
            "Agile working (content design)": "WWPPEE",
            "Content concepts and prototyping": "AAWPWA",
            "Stakeholder relationship management (content design)": "AAWPEE",
            "Strategic thinking (content design)": "WAPEEE",
        },
    ),
    (
        "User-centred design",
        "Interaction designer",
        [
            "Junior interaction designer",
            "Associate interaction designer",
            "Interaction designer",
            "Senior interaction designer",
            "Lead interaction designer",
            "Head of interaction design",
        ],
        {
            "Design communication": "WAWPEE",
            "Designing for everyone": "WAWPEE",
            "Designing strategically": "AAWPPE",
            "Designing together": "AAWPEE",
        },
    ),
]

LEVEL_WORDING = {
    "Awareness": "You know what {skill} involves and can take part in it with support.",
    "Working": "You can apply {skill} in your own work and know when to ask for help.",
    "Practitioner": "You can do {skill} well, unsupervised, and help others to learn it.",
    "Expert": "You lead {skill} across teams, set good practice and are a recognised reference for it.",
}


def demo_export() -> tuple[bytes, bytes]:
    """The sample framework in the official export's CSV format (roles.csv, skills.csv)."""
    roles_out, skills_out = io.StringIO(), io.StringIO()
    roles_writer = csv.writer(roles_out)
    roles_writer.writerow(ROLES_COLUMNS)
    needed_by: dict[str, list[str]] = {}
    for family, role, levels, skills in ROLES:
        scs = levels == ["NOT IN USE"]
        for index, level in enumerate(levels):
            level_description = (
                "NOT IN USE" if scs else f"Level {index + 1} of {len(levels)} in the {role.lower()} role."
            )
            for skill, codes in skills.items():
                code = codes[index]
                if code == ".":
                    continue
                label = LEVEL_CODES[code]
                needed_by.setdefault(skill, [])
                if role not in needed_by[skill]:
                    needed_by[skill].append(role)
                wording = "NOT IN USE" if scs else LEVEL_WORDING[label].format(skill=skill.lower())
                roles_writer.writerow(
                    [
                        family,
                        role,
                        ROLE_DESCRIPTIONS[role],
                        level,
                        level_description,
                        skill,
                        SKILL_DESCRIPTIONS[skill],
                        label,
                        wording,
                        "Senior Civil Service" if scs else "",
                    ]
                )
    skills_writer = csv.writer(skills_out)
    skills_writer.writerow(SKILLS_COLUMNS)
    scs_only = {skill for _, _, levels, skills in ROLES for skill in skills if levels == ["NOT IN USE"]} - {
        skill for _, _, levels, skills in ROLES for skill in skills if levels != ["NOT IN USE"]
    }
    for skill, description in sorted(SKILL_DESCRIPTIONS.items()):
        wording = [
            "" if skill in scs_only else LEVEL_WORDING[label].format(skill=skill.lower())
            for label in ("Awareness", "Working", "Practitioner", "Expert")
        ]
        skills_writer.writerow([skill, description, *wording, ", ".join(needed_by.get(skill, []))])
    return roles_out.getvalue().encode(), skills_out.getvalue().encode()


@transaction.atomic
def seed() -> str:
    """Load the sample framework as the current version, unless a framework is already loaded (official or demo)."""
    from .services import framework_import

    if FrameworkVersion.objects.exists():
        return "framework: already loaded, left as it is"
    roles_csv, skills_csv = demo_export()
    result = framework_import(
        roles_csv=roles_csv, skills_csv=skills_csv, label=DEMO_LABEL, source=DEMO_SOURCE, make_current=True
    )
    counts = result.counts
    return (
        f"framework: sample loaded ({counts['families']} families, {counts['roles']} roles, "
        f"{counts['role_levels']} role levels, {counts['skills']} skills)"
    )
