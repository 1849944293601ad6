//! §3 of the catalog, the part about images and instructions: base images and tags, exec form,
//! ADD and COPY, users, volumes, init processes and the build context.

use crate::analysis::rules::Rule;

mod add_instead_of_copy;
mod add_remote_url;
mod archive_extract_with_copy;
mod changes_after_volume;
mod common;
mod copy_all_before_dependency_install;
mod copy_ignored_file;
mod copy_source_not_found;
mod end_of_life_base_image;
mod exec_form;
mod full_os_base_image;
mod image_releases;
mod latest_tag;
mod missing_dockerignore;
mod multiple_processes_without_init;
mod root_user;
mod shell_form_cmd;
mod shell_form_entrypoint;
mod single_stage_build_toolchain;
mod untagged_image;
mod volume_instruction;

pub(super) static RULES: &[&Rule] = &[
    &add_instead_of_copy::RULE,
    &add_remote_url::RULE,
    &archive_extract_with_copy::RULE,
    &changes_after_volume::RULE,
    &copy_all_before_dependency_install::RULE,
    &copy_ignored_file::RULE,
    &copy_source_not_found::RULE,
    &end_of_life_base_image::RULE,
    &full_os_base_image::RULE,
    &latest_tag::RULE,
    &missing_dockerignore::RULE,
    &multiple_processes_without_init::RULE,
    &root_user::RULE,
    &shell_form_cmd::RULE,
    &shell_form_entrypoint::RULE,
    &single_stage_build_toolchain::RULE,
    &untagged_image::RULE,
    &volume_instruction::RULE,
];
