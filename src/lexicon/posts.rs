//! The grammar of posts: roles, organs, departments, ranks and unit-type
//! words, loaded from `src/lexicon/data/curated/posts.toml`.

use serde::Deserialize;

use super::PhraseTable;

const POSTS_TOML: &str = include_str!("data/curated/posts.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct RoleDef {
    pub name: String,
    #[serde(default)]
    pub single_holder: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MembershipDef {
    pub name: String,
    pub organ: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OrganDef {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: String,
    /// The unit level the organ implies: Quận ủy → quận.
    #[serde(default)]
    pub unit_type: Option<String>,
    #[serde(default)]
    pub takes_unit: bool,
}

#[derive(Debug, Clone, Deserialize)]
struct UnitTypeDef {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
struct PostsFile {
    roles: Vec<RoleDef>,
    memberships: Vec<MembershipDef>,
    ranks: Vec<String>,
    organs: Vec<OrganDef>,
    departments: Vec<String>,
    unit_types: Vec<UnitTypeDef>,
}

pub struct PostGrammar {
    pub roles: PhraseTable<RoleDef>,
    pub memberships: PhraseTable<MembershipDef>,
    pub ranks: PhraseTable<String>,
    pub organs: PhraseTable<OrganDef>,
    /// Named departments ("Ban Dân vận") → canonical name.
    pub departments: PhraseTable<String>,
    /// Unit-type words ("quận", "TP") → canonical ("thành phố").
    pub unit_types: PhraseTable<String>,
}

impl PostGrammar {
    pub fn build() -> PostGrammar {
        // The file is part of the binary and covered by tests: a parse error
        // is a build defect, not an input error.
        let file: PostsFile =
            toml::from_str(POSTS_TOML).expect("src/lexicon/data/curated/posts.toml is valid");
        let mut g = PostGrammar {
            roles: PhraseTable::default(),
            memberships: PhraseTable::default(),
            ranks: PhraseTable::default(),
            organs: PhraseTable::default(),
            departments: PhraseTable::default(),
            unit_types: PhraseTable::default(),
        };
        for r in file.roles {
            g.roles.insert(&r.name.clone(), r);
        }
        for m in file.memberships {
            g.memberships.insert(&m.name.clone(), m);
        }
        for r in file.ranks {
            g.ranks.insert(&r.clone(), r);
        }
        for o in file.organs {
            for alias in o.aliases.clone() {
                g.organs.insert(&alias, o.clone());
            }
            g.organs.insert(&o.name.clone(), o);
        }
        for d in file.departments {
            g.departments.insert(&d.clone(), d);
        }
        for u in file.unit_types {
            for alias in &u.aliases {
                g.unit_types.insert(alias, u.name.clone());
            }
            g.unit_types.insert(&u.name.clone(), u.name);
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar_loads_and_folds_spelling() {
        let g = PostGrammar::build();
        assert_eq!(g.roles.get("phó bí thư").unwrap().name, "Phó Bí thư");
        assert_eq!(g.organs.get("Quận uỷ").unwrap().name, "Quận ủy");
        assert_eq!(g.organs.get("UBND").unwrap().name, "Ủy ban nhân dân");
        assert_eq!(g.unit_types.get("TP").unwrap(), "thành phố");
        assert!(g.roles.get("Chủ tịch").unwrap().single_holder);
    }
}
