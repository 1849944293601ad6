//! §6 of the catalog: house policies. These rules do nothing until the configuration's
//! `[policy]` (or `trusted-registries`, or hadolint's `label-schema`) asks for something: which
//! images a file may build on, which labels its image must carry, which packages and commands
//! its RUN scripts may not use, which instructions its final stage must have.

mod policy_command;
mod policy_image;
mod policy_instruction;
mod policy_label;
mod policy_package;

use crate::analysis::config::Config;
use crate::analysis::model::Model;
use crate::analysis::rules::Rule;

pub(super) static RULES: &[&Rule] = &[
    &policy_command::RULE,
    &policy_image::RULE,
    &policy_instruction::RULE,
    &policy_label::RULE,
    &policy_package::RULE,
];

/// Whether the configuration gives the rule `id` anything to check: a policy rule with nothing
/// to check does not run (a suppression of it is not unused, hadolint may still need it); every
/// other rule does.
pub(super) fn has_work(id: &str, config: &Config) -> bool {
    let policy = &config.policy;
    match id {
        "policy-command" => !policy.denied_commands.is_empty(),
        "policy-image" => {
            !(policy.allowed_images.is_empty()
                && policy.denied_images.is_empty()
                && config.trusted_registries.is_empty())
        }
        "policy-instruction" => !policy.required_instructions.is_empty(),
        "policy-label" => !policy.required_labels.is_empty() || policy.strict_labels,
        "policy-package" => !policy.denied_packages.is_empty(),
        _ => true,
    }
}

/// The final stage (the image `docker build` makes without `--target`) and the stages it is
/// built `FROM`, nearest first; empty for a file without stages.
fn final_chain(model: &Model) -> Vec<usize> {
    model
        .stages
        .len()
        .checked_sub(1)
        .map_or_else(Vec::new, |last| model.stage_chain(last))
}
