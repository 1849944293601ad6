//! §1 of the catalog: what BuildKit's parser and instruction parsing reject or warn about.

use crate::analysis::rules::Rule;

mod copy_multiple_sources_dest_not_dir;
mod duplicate_flag;
mod empty_continuation_line;
mod empty_dockerfile;
mod expose_host_mapping;
mod expose_protocol_casing;
mod instruction_before_from;
mod invalid_flag_value;
pub(super) mod invalid_image_reference;
mod invalid_json_form;
mod invalid_onbuild_trigger;
mod invalid_parser_directive;
mod invalid_port;
mod invalid_stopsignal;
mod misplaced_parser_directive;
mod missing_arguments;
mod shell_requires_json;
mod syntax_error;
mod unknown_flag;
mod unknown_instruction;

pub(super) static RULES: &[&Rule] = &[
    &copy_multiple_sources_dest_not_dir::RULE,
    &duplicate_flag::RULE,
    &empty_continuation_line::RULE,
    &empty_dockerfile::RULE,
    &expose_host_mapping::RULE,
    &expose_protocol_casing::RULE,
    &instruction_before_from::RULE,
    &invalid_flag_value::RULE,
    &invalid_image_reference::RULE,
    &invalid_json_form::RULE,
    &invalid_onbuild_trigger::RULE,
    &invalid_parser_directive::RULE,
    &invalid_port::RULE,
    &invalid_stopsignal::RULE,
    &misplaced_parser_directive::RULE,
    &missing_arguments::RULE,
    &shell_requires_json::RULE,
    &syntax_error::RULE,
    &unknown_flag::RULE,
    &unknown_instruction::RULE,
];
