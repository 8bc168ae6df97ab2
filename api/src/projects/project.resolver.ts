import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { CreateProjectInput, UpdateProjectInput } from './project.inputs.js';
import { Project } from './project.entity.js';
import { ProjectService } from './project.service.js';

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => [Project], { description: 'All projects, by name' })
  projects(@Ctx() { em }: Context): Promise<Project[]> {
    return new ProjectService(em).list();
  }

  @Query(() => Project, { description: 'One project by id' })
  project(@Arg('id', () => ID) id: string, @Ctx() { em }: Context): Promise<Project> {
    return new ProjectService(em).get(id);
  }

  @Mutation(() => Project, { description: 'Creates a project' })
  createProject(@Arg('input') input: CreateProjectInput, @Ctx() { em }: Context): Promise<Project> {
    return new ProjectService(em).create(input);
  }

  @Mutation(() => Project, { description: "Changes a project's name, slug, organisation or description" })
  updateProject(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateProjectInput,
    @Ctx() { em }: Context,
  ): Promise<Project> {
    return new ProjectService(em).update(id, input);
  }
}
