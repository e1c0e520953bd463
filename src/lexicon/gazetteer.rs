//! Vietnam's administrative units, before and after the 2025 reorganisation.
//!
//! From `src/lexicon/data/lexicons/admin_units.tsv` (pre-2025 provinces, districts and
//! wards; post-2025 provinces and wards) and
//! `src/lexicon/data/lexicons/admin_conversion_2025.tsv` (old ward → new ward).

use std::collections::HashMap;

use super::{PhraseTable, data_lines};

const ADMIN_UNITS: &str = include_str!("data/lexicons/admin_units.tsv");
const CONVERSION: &str = include_str!("data/lexicons/admin_conversion_2025.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Era {
    /// Three levels, before 1 July 2025.
    Before2025,
    /// Two levels, from 1 July 2025.
    From2025,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub era: Era,
    pub code: String,
    /// `tỉnh`, `thành phố`, `quận`, `phường`…
    pub unit_type: String,
    pub name: String,
    pub parent: Option<usize>,
}

impl Unit {
    /// Level in the hierarchy: 1 province, 2 district (old era), 3 ward.
    pub fn level(&self, gazetteer: &Gazetteer) -> usize {
        let mut level = 1;
        let mut cur = self.parent;
        while let Some(p) = cur {
            level += 1;
            cur = gazetteer.units[p].parent;
        }
        match self.era {
            Era::From2025 if level == 2 => 3,
            _ => level,
        }
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.unit_type, self.name)
    }
}

pub struct Gazetteer {
    pub units: Vec<Unit>,
    /// Bare names ("Hoàng Mai") → units bearing them.
    pub by_name: PhraseTable<Vec<usize>>,
    /// Old ward index → new ward indices.
    converted: HashMap<usize, Vec<usize>>,
}

impl Gazetteer {
    pub fn build() -> Gazetteer {
        let mut units = Vec::new();
        let mut parent_codes = Vec::new();
        let mut index: HashMap<(Era, String), usize> = HashMap::new();
        for line in data_lines(ADMIN_UNITS).skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 4 {
                continue;
            }
            let era = if cols[0] == "new" {
                Era::From2025
            } else {
                Era::Before2025
            };
            index.insert((era, cols[1].to_string()), units.len());
            parent_codes.push(cols.get(4).copied().unwrap_or("").to_string());
            units.push(Unit {
                era,
                code: cols[1].to_string(),
                unit_type: cols[2].to_string(),
                name: cols[3].to_string(),
                parent: None,
            });
        }
        for (i, parent) in parent_codes.iter().enumerate() {
            if !parent.is_empty() {
                units[i].parent = index.get(&(units[i].era, parent.clone())).copied();
            }
        }
        let mut by_name: PhraseTable<Vec<usize>> = PhraseTable::default();
        for (i, u) in units.iter().enumerate() {
            // Numbered units ("Phường 12") are only found with their type word.
            if u.name.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            by_name.get_mut_or_insert_with(&u.name, Vec::new).push(i);
        }
        // "TP.HCM", "TP HCM": the usual abbreviation of the southern city's name.
        let hcm: Vec<usize> = (0..units.len())
            .filter(|&i| units[i].name == "Hồ Chí Minh" && units[i].parent.is_none())
            .collect();
        by_name.get_mut_or_insert_with("HCM", Vec::new).extend(hcm);
        let mut converted: HashMap<usize, Vec<usize>> = HashMap::new();
        for line in data_lines(CONVERSION).skip(1) {
            if let Some((old, new)) = line.split_once('\t')
                && let (Some(&o), Some(&n)) = (
                    index.get(&(Era::Before2025, old.trim().to_string())),
                    index.get(&(Era::From2025, new.trim().to_string())),
                )
            {
                converted.entry(o).or_default().push(n);
            }
        }
        Gazetteer {
            units,
            by_name,
            converted,
        }
    }

    /// Names from the unit up to its province: ["phường Vĩnh Hưng", "quận Hoàng Mai", "thành phố Hà Nội"].
    pub fn hierarchy(&self, unit: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = Some(unit);
        while let Some(i) = cur {
            out.push(self.units[i].full_name());
            cur = self.units[i].parent;
        }
        out
    }

    /// What an old ward became on 1 July 2025.
    pub fn successors_2025(&self, unit: usize) -> &[usize] {
        self.converted.get(&unit).map_or(&[], Vec::as_slice)
    }

    /// Whether `unit` lies within `ancestor`.
    pub fn is_within(&self, unit: usize, ancestor: usize) -> bool {
        let mut cur = self.units[unit].parent;
        while let Some(i) = cur {
            if i == ancestor {
                return true;
            }
            cur = self.units[i].parent;
        }
        false
    }
}
